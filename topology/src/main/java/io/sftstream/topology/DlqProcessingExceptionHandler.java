package io.sftstream.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033): an exception that escapes the
 * processing code (a tokenizer crash, a bug) sends the source record, raw key and value bytes
 * unchanged, to the dead-letter topic with reason {@code PROCESSING_ERROR} and the exception's
 * class and message, and the stream goes on with the next record.
 *
 * <p>The DLQ topic comes from {@value #DLQ_TOPIC_CONFIG} in the Streams configuration.
 */
public final class DlqProcessingExceptionHandler implements ProcessingExceptionHandler {

    /** Streams configuration key naming the dead-letter topic. */
    public static final String DLQ_TOPIC_CONFIG = "sftstream.dlq.topic";

    private static final Logger LOG = LoggerFactory.getLogger(DlqProcessingExceptionHandler.class);

    private String dlqTopic;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(DLQ_TOPIC_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(DLQ_TOPIC_CONFIG + " is not set");
        }
        dlqTopic = topic.toString();
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
                                final Exception exception) {
        LOG.warn("Processing failed for {}-{}@{} in {}; sending it to {} as PROCESSING_ERROR",
                context.topic(), context.partition(), context.offset(),
                context.processorNodeId(), dlqTopic, exception);
        return Response.resume(List.of(DeadLetters.forException(dlqTopic, context, "",
                exception)));
    }
}
