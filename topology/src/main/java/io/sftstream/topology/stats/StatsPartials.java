package io.sftstream.topology.stats;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The internal topic that carries per-task counts to the stats combiner, and the records the
 * exception handlers add to it. Topic:
 * {@code <application.id>-sftstream-stats-partials-repartition},
 * one partition, created by Kafka Streams. Key: the window start (epoch ms) as an 8-byte
 * big-endian long; value: {@link StatsCounts} in binary form.
 *
 * <p>An exception handler that sends a record to the DLQ outside the tally's view adds one
 * correction record here, in the same transaction as the dead letter, so that the stats count
 * that record exactly once. That is one extra write per {@code PROCESSING_ERROR} record, never
 * per ordinary record.
 */
public final class StatsPartials {

    /** The name of the repartition step; Kafka Streams adds the prefix and suffix. */
    public static final String NAME = "sftstream-stats-partials";

    /** Streams configuration key naming the stats topic; set when the stats flow is on. */
    public static final String STATS_TOPIC_CONFIG = "sftstream.stats.topic";

    /**
     * The key of a correction: not labelled with a window; the combiner adds it to the window
     * that is current when it reads it (a handler has no reliable clock of the task's).
     */
    public static final long UNLABELLED = -1L;

    private final String topic;
    private final String statsTopic;

    private StatsPartials(final String applicationId, final String statsTopic) {
        this.topic = topicFor(applicationId);
        this.statsTopic = statsTopic;
    }

    /**
     * From a handler's configuration: null when the stats flow is off (no
     * {@value #STATS_TOPIC_CONFIG}).
     */
    public static StatsPartials fromConfig(final Map<String, ?> configs) {
        final Object stats = configs.get(STATS_TOPIC_CONFIG);
        final Object appId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (stats == null || appId == null) {
            return null;
        }
        return new StatsPartials(appId.toString(), stats.toString());
    }

    public static String topicFor(final String applicationId) {
        return applicationId + "-" + NAME + "-repartition";
    }

    public static byte[] key(final long windowStartMs) {
        return ByteBuffer.allocate(Long.BYTES).putLong(windowStartMs).array();
    }

    public static long windowOf(final byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    /** True for a topic of the stats flow (partials, stats, a changelog): never dead-lettered. */
    public boolean isStatsFlowTopic(final String name) {
        return topic.equals(name) || statsTopic.equals(name) || name.endsWith("-changelog");
    }

    /**
     * A correction record, for the window that is current when the combiner reads it.
     *
     * @param timestamp the record timestamp (the failed record's; it does not pick the window)
     */
    public ProducerRecord<byte[], byte[]> correction(final long timestamp,
                                                     final StatsCounts counts) {
        return new ProducerRecord<>(topic, 0, Math.max(0L, timestamp), key(UNLABELLED),
                counts.toBytes());
    }
}
