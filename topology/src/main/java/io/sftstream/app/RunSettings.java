package io.sftstream.app;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.topology.RecordListener;
import io.sftstream.topology.StreamsConfigs;
import io.sftstream.topology.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The resolved settings of a streaming command.
 *
 * @param bootstrapServers  Kafka brokers
 * @param topics            input, output and DLQ topics
 * @param applicationId     Streams application.id
 * @param threads           stream threads
 * @param outputFormat      json or binary
 * @param createTopics      create missing topics
 * @param partitions        partitions of created topics
 * @param replicationFactor replication of created topics, empty for the broker default
 * @param kafkaOverrides    Kafka properties from file, environment and flags
 * @param monitoring        metrics port, stats topic and window
 */
public record RunSettings(String bootstrapServers, Topics topics, String applicationId,
                          int threads, OutputFormat outputFormat, boolean createTopics,
                          int partitions, Optional<Short> replicationFactor,
                          Map<String, String> kafkaOverrides, MonitoringSettings monitoring) {

    /** A copy pointing at other brokers (the demo's embedded one). */
    public RunSettings withBootstrapServers(final String servers) {
        return new RunSettings(servers, topics, applicationId, threads, outputFormat,
                createTopics, partitions, replicationFactor, kafkaOverrides, monitoring);
    }

    /** A copy with other monitoring settings (the demo's chosen metrics port). */
    public RunSettings withMonitoring(final MonitoringSettings other) {
        return new RunSettings(bootstrapServers, topics, applicationId, threads, outputFormat,
                createTopics, partitions, replicationFactor, kafkaOverrides, other);
    }

    /** A copy that creates missing topics with {@code count} partitions. */
    public RunSettings creatingTopics(final int count) {
        return new RunSettings(bootstrapServers, topics, applicationId, threads, outputFormat,
                true, count, replicationFactor, kafkaOverrides, monitoring);
    }

    /** The full Kafka Streams configuration, with no listener for the exception handlers. */
    public Properties streamsProperties() {
        return streamsProperties(RecordListener.NONE);
    }

    /**
     * The full Kafka Streams configuration, with the stats settings and {@code listener} for
     * the exception handlers (see {@link StreamsConfigs#withMonitoring}).
     */
    public Properties streamsProperties(final RecordListener listener) {
        return StreamsConfigs.withMonitoring(StreamsConfigs.build(applicationId,
                bootstrapServers, threads, topics.dlq(), kafkaOverrides), listener,
                monitoring.stats());
    }
}
