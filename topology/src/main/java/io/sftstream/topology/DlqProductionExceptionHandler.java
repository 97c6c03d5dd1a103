package io.sftstream.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' production exception handler. A record nothing is lost for:
 * <ul>
 *   <li>a retriable send error is retried;</li>
 *   <li>an output record the broker refuses for good (for example
 *       {@code RecordTooLargeException}) or one that cannot be serialized is replaced by a
 *       dead-letter record of its source (raw key and value) with reason
 *       {@code PROCESSING_ERROR}, and the stream goes on;</li>
 *   <li>a dead-letter record that itself cannot be written stops the application, because
 *       skipping it would lose the record.</li>
 * </ul>
 */
public final class DlqProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DlqProductionExceptionHandler.class);

    private String dlqTopic;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG
                    + " is not set");
        }
        dlqTopic = topic.toString();
    }

    @Override
    public Response handleError(final ErrorHandlerContext context,
                                final ProducerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return toDlq(context, record.topic(), "the broker refused the output record: ",
                exception);
    }

    @Override
    public Response handleSerializationError(final ErrorHandlerContext context,
                                             final ProducerRecord record,
                                             final Exception exception,
                                             final SerializationExceptionOrigin origin) {
        return toDlq(context, record.topic(), "the output record could not be serialized: ",
                exception);
    }

    private Response toDlq(final ErrorHandlerContext context, final String failedTopic,
                           final String what, final Exception exception) {
        if (dlqTopic.equals(failedTopic)) {
            LOG.error("A dead-letter record for {}-{}@{} could not be written to {}; stopping "
                    + "so that it is not lost", context.topic(), context.partition(),
                    context.offset(), dlqTopic, exception);
            return Response.fail();
        }
        LOG.warn("Output for {}-{}@{} failed; sending the source record to {}",
                context.topic(), context.partition(), context.offset(), dlqTopic, exception);
        return Response.resume(List.of(DeadLetters.forException(dlqTopic, context, what,
                exception)));
    }
}
