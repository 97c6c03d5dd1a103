package io.sftstream.topology;

import io.sftstream.topology.stats.StatsPartials;
import io.sftstream.topology.stats.StatsSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration of the app: sftstream's defaults, then the user's overrides
 * on top. Defaults: exactly-once v2, a 100 ms commit interval (what exactly-once uses by
 * default, so end-to-end latency stays low), lz4 producer compression with a linger as long as
 * the commit interval, a 16 MiB producer request limit, the dead-letter exception handlers,
 * byte-array default Serdes, a 10 s consumer session with 2 s heartbeats (see
 * {@link #DEFAULT_SESSION_TIMEOUT_MS}).
 */
public final class StreamsConfigs {

    /** The default commit interval with exactly-once. */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 100;

    /**
     * The producers' {@code linger.ms}: the commit interval. With exactly-once, outputs become
     * visible to {@code read_committed} consumers only when the transaction commits, and the
     * commit flushes the producer; lingering until then costs no latency, and it lets each
     * batch hold a commit interval's worth of records instead of one (see docs/BENCHMARKS.md).
     * It is also what Kafka Streams itself sets when nobody does.
     */
    public static final int DEFAULT_LINGER_MS = DEFAULT_COMMIT_INTERVAL_MS;

    /**
     * The consumers' {@code session.timeout.ms}: 10 s instead of Kafka's 45 s. A crashed
     * (SIGKILLed) instance stays in the group until its session expires, and the rebalance that
     * hands its partitions to the others, or to its own replacement, waits for that. 10 s is
     * above the broker's usual {@code group.min.session.timeout.ms} (6 s) and leaves room for
     * heartbeats delayed by a busy machine; heartbeats come from a background thread, so a
     * slow record does not count against it. Exactly-once is unaffected: a member wrongly
     * declared dead is fenced (its producer's epoch and its generation are stale) and rejoins.
     */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

    /** The consumers' {@code heartbeat.interval.ms}: a fifth of the session timeout. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 2_000;

    /** The producers' {@code max.request.size}: 16 MiB. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    /**
     * Streams configuration key holding the {@link RecordListener} (an object, not a string)
     * that the exception handlers tell about the records they send to the DLQ.
     */
    public static final String METRICS_CONFIG = "sftstream.metrics";

    private StreamsConfigs() {
    }

    /**
     * @param applicationId    {@code application.id} (the consumer group and transactional-id
     *                         prefix; instances with the same id share the work)
     * @param bootstrapServers {@code bootstrap.servers}
     * @param threads          {@code num.stream.threads}
     * @param dlqTopic         where the exception handlers send dead letters
     * @param overrides        user properties, applied last
     */
    public static Properties build(final String applicationId, final String bootstrapServers,
                                   final int threads, final String dlqTopic,
                                   final Map<String, String> overrides) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DlqProcessingExceptionHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DlqProductionExceptionHandler.class);
        props.put(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG, dlqTopic);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                DEFAULT_LINGER_MS);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 262_144);
        // A dead letter is a whole input record plus headers; let the broker's topic limit,
        // not the client's 1 MiB default, decide what is too large.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                MAX_REQUEST_BYTES);
        // Unprefixed, so that a user's consumer.-prefixed or unprefixed value wins.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, DEFAULT_HEARTBEAT_INTERVAL_MS);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.putAll(overrides);
        return props;
    }

    /**
     * Adds what the exception handlers need to keep the metrics and the stats exact: the
     * listener (may be {@link RecordListener#NONE}) and, when not null, the stats settings.
     */
    public static Properties withMonitoring(final Properties props,
                                            final RecordListener listener,
                                            final StatsSettings stats) {
        props.put(METRICS_CONFIG, listener);
        if (stats != null) {
            props.put(StatsPartials.STATS_TOPIC_CONFIG, stats.topic());
        }
        return props;
    }
}
