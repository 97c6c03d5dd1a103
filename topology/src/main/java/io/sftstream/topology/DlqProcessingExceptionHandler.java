package io.sftstream.topology;

import io.sftstream.topology.stats.StatsCounts;
import io.sftstream.topology.stats.StatsFlow;
import io.sftstream.topology.stats.StatsPartials;
import io.sftstream.topology.stats.TallyHandoff;
import io.sftstream.serdes.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * <p>The DLQ topic comes from {@value #DLQ_TOPIC_CONFIG} in the Streams configuration. The
 * record is also reported to the {@link RecordListener} under
 * {@value StreamsConfigs#METRICS_CONFIG}, if any, and counted in the stats: by the tally when
 * the failure happened downstream of it, else by a correction record (see
 * {@link StatsPartials}). A failure inside the stats flow itself stops the application instead,
 * because skipping it would make the stats wrong without a trace.
 */
public final class DlqProcessingExceptionHandler implements ProcessingExceptionHandler {

    /** Streams configuration key naming the dead-letter topic. */
    public static final String DLQ_TOPIC_CONFIG = "sftstream.dlq.topic";

    private static final Logger LOG = LoggerFactory.getLogger(DlqProcessingExceptionHandler.class);

    private String dlqTopic;
    private RecordListener listener = RecordListener.NONE;
    private StatsPartials stats;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(DLQ_TOPIC_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(DLQ_TOPIC_CONFIG + " is not set");
        }
        dlqTopic = topic.toString();
        listener = listenerFrom(configs);
        stats = StatsPartials.fromConfig(configs);
    }

    /** The listener under {@value StreamsConfigs#METRICS_CONFIG}, or NONE. */
    static RecordListener listenerFrom(final Map<String, ?> configs) {
        return configs.get(StreamsConfigs.METRICS_CONFIG) instanceof RecordListener given
                ? given : RecordListener.NONE;
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
                                final Exception exception) {
        if (StatsFlow.isStatsNode(context.processorNodeId())) {
            LOG.error("The stats flow failed in {} (task {}); stopping, since going on would "
                    + "make the stats wrong", context.processorNodeId(), context.taskId(),
                    exception);
            return Response.fail();
        }
        LOG.warn("Processing failed for {}-{}@{} in {}; sending it to {} as PROCESSING_ERROR",
                context.topic(), context.partition(), context.offset(),
                context.processorNodeId(), dlqTopic, exception);
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(2);
        records.add(DeadLetters.forException(dlqTopic, context, "", exception));
        if (!TallyHandoff.claim() && stats != null) {
            records.add(stats.correction(context.timestamp(),
                    new StatsCounts().reject(Reason.PROCESSING_ERROR)));
        }
        listener.deadLettered(Reason.PROCESSING_ERROR);
        return Response.resume(records);
    }
}
