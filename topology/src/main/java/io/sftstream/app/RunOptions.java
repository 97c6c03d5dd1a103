package io.sftstream.app;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.topology.KafkaProperties;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The flags of the streaming commands ({@code run}, {@code demo}): cluster, topics, threads,
 * output format, monitoring and Kafka property overrides. Each has an {@code SFTSTREAM_*}
 * variable; any
 * Kafka property can also come from {@code KAFKA_*} variables, {@code --kafka key=value} or
 * {@code --kafka-config FILE}.
 */
public final class RunOptions {

    /** Default topic names. */
    public static final String DEFAULT_INPUT = "sft-raw";
    public static final String DEFAULT_OUTPUT = "sft-tokens";
    public static final String DEFAULT_DLQ = "sft-dlq";
    public static final String DEFAULT_APPLICATION_ID = "sftstream";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; env SFTSTREAM_BOOTSTRAP_SERVERS or "
                    + "KAFKA_BOOTSTRAP_SERVERS")
    String bootstrapServers;

    @Option(names = "--input-topic", paramLabel = "TOPIC",
            description = "raw records; env SFTSTREAM_INPUT_TOPIC; default " + DEFAULT_INPUT)
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "training records; env SFTSTREAM_OUTPUT_TOPIC; default "
                    + DEFAULT_OUTPUT)
    String outputTopic;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC",
            description = "rejected records; env SFTSTREAM_DLQ_TOPIC; default " + DEFAULT_DLQ)
    String dlqTopic;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application.id (instances with the same id share the "
                    + "partitions); env SFTSTREAM_APPLICATION_ID; default "
                    + DEFAULT_APPLICATION_ID)
    String applicationId;

    @Option(names = "--threads", paramLabel = "N",
            description = "stream threads in this instance; env SFTSTREAM_THREADS; default: "
                    + "the number of processors")
    String threads;

    @Option(names = "--output-format", paramLabel = "FORMAT",
            description = "json or binary; env SFTSTREAM_OUTPUT_FORMAT; default json")
    String outputFormat;

    @Option(names = "--create-topics",
            description = "create missing topics instead of refusing to start")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of topics created by --create-topics; env "
                    + "SFTSTREAM_PARTITIONS; default 4")
    String partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "replication factor of created topics; env "
                    + "SFTSTREAM_REPLICATION_FACTOR; default: the broker's default")
    String replicationFactor;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "port of /metrics (Prometheus), /health/live and /health/ready; 0 "
                    + "turns them off; env SFTSTREAM_METRICS_PORT; default "
                    + MonitoringSettings.DEFAULT_METRICS_PORT)
    String metricsPort;

    @Option(names = "--stats-topic", paramLabel = "TOPIC",
            description = "where one JSON record per window of counts goes; env "
                    + "SFTSTREAM_STATS_TOPIC; default <output-topic>-stats")
    String statsTopic;

    @Option(names = "--stats-window", paramLabel = "DURATION",
            description = "length of a stats window: 60, 60s, 5m, 1h (1s to 24h); env "
                    + "SFTSTREAM_STATS_WINDOW; default 60s")
    String statsWindow;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "any Kafka client or Streams property (repeatable); wins over "
                    + "KAFKA_* variables and --kafka-config")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "a properties file of Kafka client or Streams properties; env "
                    + "SFTSTREAM_KAFKA_CONFIG")
    Path kafkaConfig;

    /** Resolves the flags over the environment; throws {@link SettingsException}. */
    public RunSettings resolve(final Map<String, String> env, final boolean bootstrapRequired) {
        final SettingSource s = new SettingSource(env);
        final Path configFile = kafkaConfig != null ? kafkaConfig
                : Optional.ofNullable(env.get("SFTSTREAM_KAFKA_CONFIG")).filter(v -> !v.isEmpty())
                        .map(Path::of).orElse(null);
        final Map<String, String> overrides;
        try {
            overrides = KafkaProperties.collect(configFile, env, kafka);
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        String servers = s.text("--bootstrap-servers", "SFTSTREAM_BOOTSTRAP_SERVERS",
                bootstrapServers, overrides.get("bootstrap.servers"));
        if (servers == null && bootstrapRequired) {
            throw new SettingsException("--bootstrap-servers (SFTSTREAM_BOOTSTRAP_SERVERS) is "
                    + "not set; give the Kafka brokers, e.g. --bootstrap-servers "
                    + "localhost:9092");
        }
        final Topics topics;
        try {
            topics = new Topics(
                    s.text("--input-topic", "SFTSTREAM_INPUT_TOPIC", inputTopic, DEFAULT_INPUT),
                    s.text("--output-topic", "SFTSTREAM_OUTPUT_TOPIC", outputTopic,
                            DEFAULT_OUTPUT),
                    s.text("--dlq-topic", "SFTSTREAM_DLQ_TOPIC", dlqTopic, DEFAULT_DLQ));
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        final String appId = s.text("--application-id", "SFTSTREAM_APPLICATION_ID",
                applicationId, DEFAULT_APPLICATION_ID);
        final int threadCount = s.integer("--threads", "SFTSTREAM_THREADS", threads,
                Runtime.getRuntime().availableProcessors(), 1, 1024);
        final OutputFormat format = s.choice("--output-format", "SFTSTREAM_OUTPUT_FORMAT",
                outputFormat, "json", "json, binary", OutputFormat::fromCliName);
        final int parts = s.integer("--partitions", "SFTSTREAM_PARTITIONS", partitions, 4, 1,
                100_000);
        final Integer replication = s.optionalInteger("--replication-factor",
                "SFTSTREAM_REPLICATION_FACTOR", replicationFactor, 1, Short.MAX_VALUE);
        return new RunSettings(servers, topics, appId, threadCount, format, createTopics, parts,
                replication == null ? Optional.empty() : Optional.of(replication.shortValue()),
                overrides, monitoring(s, topics));
    }

    private MonitoringSettings monitoring(final SettingSource s, final Topics topics) {
        final int port = s.integer("--metrics-port", "SFTSTREAM_METRICS_PORT", metricsPort,
                MonitoringSettings.DEFAULT_METRICS_PORT, 0, 65_535);
        final String stats = s.text("--stats-topic", "SFTSTREAM_STATS_TOPIC", statsTopic,
                StatsSettings.defaultsFor(topics.output()).topic());
        if (stats.equals(topics.input()) || stats.equals(topics.output())
                || stats.equals(topics.dlq())) {
            throw new SettingsException("--stats-topic (SFTSTREAM_STATS_TOPIC) has the value '"
                    + stats + "', which is not allowed; allowed: a topic other than the input, "
                    + "output and DLQ topics");
        }
        final Duration window = s.choice("--stats-window", "SFTSTREAM_STATS_WINDOW", statsWindow,
                "60s", MonitoringSettings.WINDOW_ALLOWED, MonitoringSettings::parseWindow);
        return new MonitoringSettings(port, new StatsSettings(stats, window));
    }
}
