package io.sftstream.bench;

import io.sftstream.app.CommittedReader;
import io.sftstream.app.MonitoredApp;
import io.sftstream.app.MonitoringSettings;
import io.sftstream.app.RunSettings;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.Topics;
import io.sftstream.topology.stats.StatsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The in-process broker of the end-to-end stages and what every stage does with it: start an
 * app instance as {@code run} starts it ({@link MonitoredApp}, metrics as listener, no HTTP
 * endpoint), read committed input offsets and committed outputs, produce, delete topics. Owns
 * the broker; the preprocessing step stays the caller's.
 */
final class BenchCluster implements AutoCloseable {

    /** Kafka Streams thread and producer metrics worth reading after a run, summed. */
    static final List<String> METRICS = List.of("process-ratio", "poll-ratio", "commit-ratio",
            "blocked-time-ns-total", "txn-commit-time-ns-total", "txn-send-offsets-time-ns-total",
            "flush-time-ns-total", "record-retry-total", "commit-total", "commit-latency-avg",
            "bufferpool-wait-time-ns-total", "poll-latency-avg", "process-total",
            "fetch-latency-avg", "fetch-size-avg", "records-per-request-avg", "poll-latency-max",
            "process-latency-avg", "request-latency-avg", "batch-size-avg",
            "compression-rate-avg", "records-lag-max");

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final Preprocessor preprocessor;
    private final int partitions;
    private final OutputFormat format;

    BenchCluster(final Preprocessor preprocessor, final int partitions,
                 final OutputFormat format) {
        this.broker = EmbeddedKafkaBroker.start(0);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()));
        this.preprocessor = preprocessor;
        this.partitions = partitions;
        this.format = format;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Creates topics with the benchmark's partition count. */
    void createTopics(final String... topics) {
        broker.createTopics(partitions, topics);
    }

    KafkaProducer<byte[], byte[]> producer(final int lingerMs) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Starts one instance as {@code run} starts it, with a fresh state directory and its stats
     * topic.
     */
    Instance start(final String appId, final int threads, final Topics topics,
                   final Map<String, String> overrides) {
        final StatsSettings stats = StatsSettings.defaultsFor(topics.output());
        broker.createTopics(1, stats.topic());
        final Path stateDir = tempDir();
        final Map<String, String> all = new HashMap<>(overrides);
        all.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final RunSettings settings = new RunSettings(broker.bootstrapServers(), topics, appId,
                threads, format, false, partitions, Optional.empty(), all,
                new MonitoringSettings(0, stats));
        final MonitoredApp monitored = MonitoredApp.openWithoutEndpoint(settings, preprocessor);
        return new Instance(monitored, monitored.start(), stateDir);
    }

    /** A started instance; closing it stops it and deletes its state directory. */
    record Instance(MonitoredApp monitored, StreamsApp app, Path stateDir)
            implements AutoCloseable {
        @Override
        public void close() {
            monitored.close(Duration.ofSeconds(30));
            deleteQuietly(stateDir);
        }
    }

    /** The input offsets of {@code topic} that the application has committed, summed. */
    long committed(final String appId, final String topic) {
        try {
            final Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
            long sum = 0;
            for (final Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                    sum += e.getValue().offset();
                }
            }
            return sum;
        } catch (final ExecutionException e) {
            return 0;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Outputs, dead letters and output bytes that a read_committed consumer sees. */
    long[] countCommitted(final Topics topics) {
        final long[] counts = new long[3];
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                topics.output(), topics.dlq())) {
            for (final ConsumerRecord<byte[], byte[]> record
                    : reader.readToEnd(Duration.ofMinutes(5))) {
                if (record.topic().equals(topics.output())) {
                    counts[0]++;
                    counts[2] += record.serializedValueSize();
                } else {
                    counts[1]++;
                }
            }
        }
        return counts;
    }

    /** Deletes the topics of a run with its stats topic. */
    void deleteRunTopics(final Topics topics, final boolean withInput) {
        final String stats = StatsSettings.defaultsFor(topics.output()).topic();
        if (withInput) {
            deleteTopics(topics.input(), topics.output(), topics.dlq(), stats);
        } else {
            deleteTopics(topics.output(), topics.dlq(), stats);
        }
    }

    void deleteTopics(final String... topics) {
        try {
            admin.deleteTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        } catch (final Exception e) {
            // leftovers die with the broker's temporary directory
        }
    }

    /** {@link #METRICS}, summed over threads and clients ("-ratio" and "-avg": averaged). */
    static Map<String, Double> metrics(final List<StreamsApp> apps) {
        final Map<String, Double> sums = new TreeMap<>();
        final Map<String, Integer> counts = new HashMap<>();
        for (final StreamsApp app : apps) {
            app.streams().metrics().forEach((name, metric) -> {
                if (METRICS.contains(name.name())
                        && (name.group().equals("stream-thread-metrics")
                        || name.group().equals("producer-metrics")
                        || name.group().equals("consumer-fetch-manager-metrics")
                        && !name.tags().getOrDefault("client-id", "").contains("restore")
                        && !name.tags().containsKey("topic")
                        && !name.tags().containsKey("partition"))
                        && metric.metricValue() instanceof Double value && !value.isNaN()) {
                    sums.merge(name.name(), value, Double::sum);
                    counts.merge(name.name(), 1, Integer::sum);
                }
            });
        }
        sums.replaceAll((name, sum) -> name.endsWith("-ratio") || name.endsWith("-avg")
                ? sum / counts.get(name) : sum);
        return sums;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sftstream-bench-state-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(final Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            // a temporary directory
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        broker.close();
    }
}
