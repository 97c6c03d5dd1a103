package io.sftstream.app;

import io.sftstream.serdes.OutputFormat;
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
 */
public record RunSettings(String bootstrapServers, Topics topics, String applicationId,
                          int threads, OutputFormat outputFormat, boolean createTopics,
                          int partitions, Optional<Short> replicationFactor,
                          Map<String, String> kafkaOverrides) {

    /** A copy pointing at other brokers (the demo's embedded one). */
    public RunSettings withBootstrapServers(final String servers) {
        return new RunSettings(servers, topics, applicationId, threads, outputFormat,
                createTopics, partitions, replicationFactor, kafkaOverrides);
    }

    /** The full Kafka Streams configuration. */
    public Properties streamsProperties() {
        return StreamsConfigs.build(applicationId, bootstrapServers, threads, topics.dlq(),
                kafkaOverrides);
    }
}
