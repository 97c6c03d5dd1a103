package io.sftstream.topology;

import io.sftstream.topology.stats.StatsCounts;
import io.sftstream.topology.stats.StatsPartials;
import io.sftstream.topology.stats.TallyHandoff;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import java.util.ArrayList;
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
 *   <li>a dead-letter record, or a record of the stats flow (partials, stats windows, store
 *       changelogs), that itself cannot be written stops the application, because skipping it
 *       would lose the record or make the stats wrong.</li>
 * </ul>
 *
 * <p>A replaced output record is reported to the {@link RecordListener} under
 * {@value StreamsConfigs#METRICS_CONFIG} as {@code PROCESSING_ERROR} (the metrics have already
 * counted it as accepted). The stats count it once: as {@code PROCESSING_ERROR} by the tally
 * when the send failed during its forward, else through a correction record that moves it from
 * accepted to {@code PROCESSING_ERROR} (see {@link StatsPartials}).
 */
public final class DlqProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DlqProductionExceptionHandler.class);

    private String dlqTopic;
    private RecordListener listener = RecordListener.NONE;
    private StatsPartials stats;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG
                    + " is not set");
        }
        dlqTopic = topic.toString();
        listener = DlqProcessingExceptionHandler.listenerFrom(configs);
        stats = StatsPartials.fromConfig(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context,
                                final ProducerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return toDlq(context, record.topic(), record.value(),
                "the broker refused the output record: ", exception);
    }

    @Override
    public Response handleSerializationError(final ErrorHandlerContext context,
                                             final ProducerRecord record,
                                             final Exception exception,
                                             final SerializationExceptionOrigin origin) {
        return toDlq(context, record.topic(), null,
                "the output record could not be serialized: ", exception);
    }

    private Response toDlq(final ErrorHandlerContext context, final String failedTopic,
                           final byte[] failedValue, final String what,
                           final Exception exception) {
        if (dlqTopic.equals(failedTopic)
                || stats != null && stats.isStatsFlowTopic(failedTopic)) {
            LOG.error("A record for {}-{}@{} could not be written to {}; stopping so that it is "
                    + "not lost", context.topic(), context.partition(), context.offset(),
                    failedTopic, exception);
            return Response.fail();
        }
        LOG.warn("Output for {}-{}@{} failed; sending the source record to {}",
                context.topic(), context.partition(), context.offset(), dlqTopic, exception);
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(2);
        records.add(DeadLetters.forException(dlqTopic, context, what, exception));
        if (!TallyHandoff.claim() && stats != null) {
            records.add(stats.correction(context.timestamp(),
                    takeBackAccepted(failedValue).reject(Reason.PROCESSING_ERROR)));
        }
        listener.deadLettered(Reason.PROCESSING_ERROR);
        return Response.resume(records);
    }

    /** Minus one accepted record with the tokens of {@code outputValue}, as it was counted. */
    private static StatsCounts takeBackAccepted(final byte[] outputValue) {
        long tokens = 0;
        long trained = 0;
        try {
            final TrainingRecord record = TrainingRecordSerde.decode(outputValue);
            tokens = record.numTokens();
            trained = record.numTrainedTokens();
        } catch (final RuntimeException unreadable) {
            LOG.warn("Cannot read the refused output record; its tokens stay in the stats",
                    unreadable);
        }
        return new StatsCounts().addAccepted(-1, -tokens, -trained);
    }
}
