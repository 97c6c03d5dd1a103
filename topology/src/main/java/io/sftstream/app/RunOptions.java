package io.sftstream.app;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import picocli.CommandLine.Option;

/**
 * The flags of the streaming commands ({@code run}, {@code demo}): cluster, topics, threads,
 * output format, monitoring and Kafka property overrides. Each has an {@code SFTSTREAM_*}
 * variable; any
 * Kafka property can also come from {@code KAFKA_*} variables, {@code --kafka key=value} or
 * {@code --kafka-config FILE}.
 */
public final class RunOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]")
    String bootstrapServers;

    @Option(names = "--input-topic", paramLabel = "TOPIC")
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC")
    String outputTopic;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC")
    String dlqTopic;

    @Option(names = "--application-id", paramLabel = "ID")
    String applicationId;

    @Option(names = "--threads", paramLabel = "N")
    String threads;

    @Option(names = "--output-format", paramLabel = "FORMAT")
    String outputFormat;

    @Option(names = "--create-topics",
            description = "create missing topics instead of refusing to start")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "N")
    String partitions;

    @Option(names = "--replication-factor", paramLabel = "N")
    String replicationFactor;

    @Option(names = "--metrics-port", paramLabel = "PORT")
    String metricsPort;

    @Option(names = "--stats-topic", paramLabel = "TOPIC")
    String statsTopic;

    @Option(names = "--stats-window", paramLabel = "DURATION")
    String statsWindow;

    @Option(names = "--instance-id", paramLabel = "NAME")
    String instanceId;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "any Kafka client or Streams property (repeatable); wins over "
                    + "KAFKA_* variables and --kafka-config")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE")
    Path kafkaConfig;

    /** Resolves the flags over the environment; throws {@link SettingsException}. */
    public RunSettings resolve(final Map<String, String> env, final boolean bootstrapRequired) {
        final SettingSource s = new SettingSource(env);
        final Map<String, String> overrides = withInstanceId(
                s.kafkaOverrides(kafkaConfig, kafka), s.get(SettingsTable.INSTANCE_ID,
                        instanceId));
        final String servers = s.bootstrapServers(bootstrapServers, overrides,
                bootstrapRequired);
        final Topics topics;
        try {
            topics = new Topics(s.get(SettingsTable.INPUT_TOPIC, inputTopic),
                    s.get(SettingsTable.OUTPUT_TOPIC, outputTopic),
                    s.get(SettingsTable.DLQ_TOPIC, dlqTopic));
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        final String appId = s.get(SettingsTable.APPLICATION_ID, applicationId);
        final Integer threadCount = s.get(SettingsTable.THREADS, threads);
        final OutputFormat format = s.get(SettingsTable.OUTPUT_FORMAT, outputFormat);
        final int parts = s.get(SettingsTable.PARTITIONS, partitions);
        final Integer replication = s.get(SettingsTable.REPLICATION_FACTOR, replicationFactor);
        return new RunSettings(servers, topics, appId, threadCount != null ? threadCount
                : Runtime.getRuntime().availableProcessors(), format, createTopics, parts,
                replication == null ? Optional.empty() : Optional.of(replication.shortValue()),
                overrides, monitoring(s, topics));
    }

    /**
     * The instance name becomes {@code group.instance.id} (Streams adds a per-thread suffix);
     * an explicit Kafka property of that name wins.
     */
    private static Map<String, String> withInstanceId(final Map<String, String> overrides,
                                                      final String name) {
        if (name == null || name.isBlank()) {
            return overrides;
        }
        final Map<String, String> all = new TreeMap<>(overrides);
        all.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name.strip());
        return all;
    }

    private MonitoringSettings monitoring(final SettingSource s, final Topics topics) {
        final int port = s.get(SettingsTable.METRICS_PORT, metricsPort);
        final String stats = s.get(SettingsTable.STATS_TOPIC, statsTopic,
                StatsSettings.defaultsFor(topics.output()).topic());
        if (stats.equals(topics.input()) || stats.equals(topics.output())
                || stats.equals(topics.dlq())) {
            throw new SettingsException(SettingsTable.STATS_TOPIC.label() + " has the value '"
                    + stats + "', which is not allowed; allowed: a topic other than the input, "
                    + "output and DLQ topics");
        }
        final Duration window = s.get(SettingsTable.STATS_WINDOW, statsWindow);
        return new MonitoringSettings(port, new StatsSettings(stats, window));
    }
}
