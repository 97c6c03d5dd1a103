package io.sftstream.bench;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.app.CommittedReader;
import io.sftstream.app.MonitoredApp;
import io.sftstream.app.MonitoringSettings;
import io.sftstream.app.RunSettings;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.StreamsConfigs;
import io.sftstream.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The end-to-end stages against the in-process broker: the data set preloaded into an input
 * topic, then the app started as {@code run} starts it (the topology with its stats flow, the
 * metrics listener and {@link StreamsConfigs}: exactly-once v2 unless an override says
 * otherwise) with a fresh application id, and timed from start until the
 * input offsets it has committed cover every record. With exactly-once the offsets are
 * committed in the same transaction as the outputs, so that moment is when the last output is
 * committed. Each run then checks that a {@code read_committed} consumer sees exactly one output
 * or dead letter per input record.
 *
 * <p>The latency run feeds a fresh input topic at a fixed rate; every record carries its send
 * time (System.nanoTime, same JVM) in a header that the app copies to its output and dead
 * letters, and a {@code read_committed} consumer takes the difference when it reads them.
 */
final class EndToEnd implements AutoCloseable {

    static final String SENT_HEADER = "bench.sent.nanos";

    /**
     * One throughput run.
     *
     * @param instances      Kafka Streams instances (same application id, this JVM)
     * @param threads        stream threads per instance
     * @param nanos          from start until every input offset was committed
     * @param runningNanos   from start until every instance was RUNNING
     * @param steadyNanos    from 10% to 90% of the input offsets committed: the steady-state
     *                       part of the run, without start-up and the uneven end of partitions
     * @param outputs        committed output records
     * @param deadLetters    committed dead letters
     * @param outputBytes    bytes of the committed output values
     * @param usage          CPU, memory and background load during the run
     */
    record Run(int instances, int threads, long nanos, long runningNanos, long steadyNanos,
               long outputs,
               long deadLetters, long outputBytes, Meter.Usage usage,
               Map<String, Double> metrics, Map<String, Double> cpuByThreads) {
    }

    /**
     * One long-lived app run: the data set {@code lapNanos.length} times through one instance.
     *
     * @param lapNanos    how long each lap took, from the previous lap's last committed input
     *                    offset to this lap's (the first lap includes start-up)
     * @param outputs     committed output records over all laps
     * @param deadLetters committed dead letters over all laps
     * @param lastLapCpu  CPU by thread group during the last lap (empty with one lap)
     */
    record Laps(long[] lapNanos, long outputs, long deadLetters,
                Map<String, Double> lastLapCpu) {
    }

    /** Kafka Streams thread and producer metrics worth reading after a run, summed. */
    static final List<String> METRICS = List.of("process-ratio", "poll-ratio", "commit-ratio",
            "blocked-time-ns-total", "txn-commit-time-ns-total", "txn-send-offsets-time-ns-total",
            "flush-time-ns-total", "record-retry-total", "commit-total", "commit-latency-avg",
            "bufferpool-wait-time-ns-total", "poll-latency-avg", "process-total",
            "fetch-latency-avg", "fetch-size-avg", "records-per-request-avg", "poll-latency-max",
            "process-latency-avg", "request-latency-avg", "batch-size-avg",
            "compression-rate-avg", "records-lag-max");

    /**
     * The latency run.
     *
     * @param rate      records per second sent
     * @param measured  records whose latency counts (sent after the warm-up)
     * @param p50Nanos  median latency, produce to committed output
     * @param p99Nanos  99th percentile
     * @param p999Nanos 99.9th percentile
     * @param maxNanos  the largest
     * @param lost      records sent but not seen within the time limit
     * @param usage     CPU, memory and background load during the run
     */
    record Latency(double rate, int measured, long p50Nanos, long p99Nanos, long p999Nanos,
                   long maxNanos, long lost, Meter.Usage usage, long p10Nanos, long p90Nanos,
                   Map<String, Double> metrics,
                   Map<String, Double> cpuByThreads) {
    }

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final Preprocessor preprocessor;
    private final DataSet data;
    private final int partitions;
    private final String input;
    private String lapsInput;
    private int runs;

    private EndToEnd(final EmbeddedKafkaBroker broker, final Preprocessor preprocessor,
                     final DataSet data, final int partitions) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()));
        this.preprocessor = preprocessor;
        this.data = data;
        this.partitions = partitions;
        this.input = "bench-raw";
    }

    /** Starts the broker, creates the input topic and preloads the data set into it. */
    static EndToEnd start(final Preprocessor preprocessor, final DataSet data,
                          final int partitions) {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0);
        try {
            final EndToEnd e2e = new EndToEnd(broker, preprocessor, data, partitions);
            broker.createTopics(partitions, e2e.input);
            e2e.preload();
            return e2e;
        } catch (final RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private void preload() {
        preload(input, 1);
    }

    private void preload(final String topic, final int times) {
        try (KafkaProducer<byte[], byte[]> producer = producer(20)) {
            for (int t = 0; t < times; t++) {
                for (int i = 0; i < data.size(); i++) {
                    producer.send(new ProducerRecord<>(topic, data.keys().get(i),
                            data.values().get(i)));
                }
            }
            producer.flush();
        }
    }

    private KafkaProducer<byte[], byte[]> producer(final int lingerMs) {
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
     * Runs the app over the preloaded topic.
     *
     * @param instances Kafka Streams instances with the same application id, in this JVM
     * @param threads   stream threads per instance
     * @param overrides Kafka properties on top of sftstream's defaults
     */
    Run run(final int instances, final int threads, final Map<String, String> overrides)
            throws InterruptedException {
        final int id = ++runs;
        final Topics topics = new Topics(input, "bench-tokens-" + id, "bench-dlq-" + id);
        broker.createTopics(partitions, topics.output(), topics.dlq());
        final String appId = "sftstream-bench-" + id;
        final List<Started> started = new ArrayList<>();
        final List<StreamsApp> apps = new ArrayList<>();
        final List<Path> stateDirs = new ArrayList<>();
        final Meter meter = Meter.start();
        final ThreadCpu cpuBefore = ThreadCpu.snapshot();
        final long start = System.nanoTime();
        long running = -1;
        try {
            for (int k = 0; k < instances; k++) {
                final Path stateDir = tempDir();
                stateDirs.add(stateDir);
                final Started instance = startApp(appId, threads, topics, stateDir, overrides);
                started.add(instance);
                apps.add(instance.app());
            }
            final long deadline = start + TimeUnit.MINUTES.toNanos(30);
            long at10 = -1;
            long at90 = -1;
            long committed;
            while ((committed = committed(appId)) < data.size()) {
                if (at10 < 0 && committed * 10 >= data.size()) {
                    at10 = System.nanoTime();
                }
                if (at90 < 0 && committed * 10 >= data.size() * 9L) {
                    at90 = System.nanoTime();
                }
                if (running < 0 && allRunning(apps)) {
                    running = System.nanoTime() - start;
                }
                if (System.nanoTime() > deadline || apps.stream().anyMatch(StreamsApp::failed)) {
                    throw new IllegalStateException("the app did not finish: " + committed(appId)
                            + " of " + data.size() + " input offsets committed");
                }
                Thread.sleep(50);
            }
            final long end = System.nanoTime();
            final long nanos = end - start;
            final long steady = (at90 < 0 ? end : at90) - (at10 < 0 ? start : at10);
            final Map<String, Double> cpu = ThreadCpu.snapshot().since(cpuBefore);
            final Meter.Usage usage = meter.stop();
            if (running < 0) {
                running = nanos;
            }
            final Map<String, Double> metrics = metrics(apps);
            final long[] counts = countCommitted(topics);
            return new Run(instances, threads, nanos, running, Math.max(1, steady), counts[0],
                    counts[1], counts[2], usage, metrics, cpu);
        } finally {
            meter.close();
            started.forEach(Started::close);
            stateDirs.forEach(EndToEnd::deleteQuietly);
            deleteTopics(topics.output(), topics.dlq(), StatsSettings.defaultsFor(
                    topics.output()).topic());
        }
    }

    /**
     * One app, started once, over an input topic holding the data set {@code laps} times: each
     * lap after the first is what a long-running service does once start-up and JIT warm-up
     * are behind it (a fresh app per run, as {@link #run} starts, pays for both every time).
     */
    Laps laps(final int laps, final int threads, final Map<String, String> overrides)
            throws InterruptedException {
        final String topic = "bench-raw-laps-" + laps;
        if (!topic.equals(lapsInput)) {
            if (lapsInput != null) {
                deleteTopics(lapsInput);
            }
            broker.createTopics(partitions, topic);
            preload(topic, laps);
            lapsInput = topic;
        }
        final int id = ++runs;
        final Topics topics = new Topics(lapsInput, "bench-tokens-" + id, "bench-dlq-" + id);
        broker.createTopics(partitions, topics.output(), topics.dlq());
        final String appId = "sftstream-bench-laps-" + id;
        final Path stateDir = tempDir();
        final long[] lapNanos = new long[laps];
        ThreadCpu cpuBefore = null;
        Started instance = null;
        try {
            long lapStart = System.nanoTime();
            instance = startApp(appId, threads, topics, stateDir, overrides);
            final long deadline = lapStart + TimeUnit.MINUTES.toNanos(30);
            int lap = 0;
            while (lap < laps) {
                final long committed = committed(appId, lapsInput);
                while (lap < laps && committed >= (long) data.size() * (lap + 1)) {
                    final long now = System.nanoTime();
                    lapNanos[lap++] = now - lapStart;
                    lapStart = now;
                    if (lap == laps - 1) {
                        cpuBefore = ThreadCpu.snapshot();
                    }
                }
                if (System.nanoTime() > deadline || instance.app().failed()) {
                    throw new IllegalStateException("the app did not finish: " + committed
                            + " of " + (long) data.size() * laps + " input offsets committed");
                }
                Thread.sleep(20);
            }
            final Map<String, Double> cpu = cpuBefore == null ? Map.of()
                    : ThreadCpu.snapshot().since(cpuBefore);
            final long[] counts = countCommitted(topics);
            return new Laps(lapNanos, counts[0], counts[1], cpu);
        } finally {
            if (instance != null) {
                instance.close();
            }
            deleteQuietly(stateDir);
            deleteTopics(topics.output(), topics.dlq(), StatsSettings.defaultsFor(
                    topics.output()).topic());
        }
    }

    /**
     * Sends the data set's records round-robin at a fixed rate into a fresh input topic, for
     * {@code warmupSeconds} and then {@code seconds} more, and measures the latency of the
     * records sent after the warm-up from send to committed output or dead letter.
     */
    Latency latency(final double rate, final int warmupSeconds, final int seconds,
                    final int threads, final Map<String, String> overrides)
            throws InterruptedException {
        final int id = ++runs;
        final Topics topics = new Topics("bench-raw-paced-" + id, "bench-tokens-" + id,
                "bench-dlq-" + id);
        broker.createTopics(partitions, topics.input(), topics.output(), topics.dlq());
        final Path stateDir = tempDir();
        final Started instance = startApp("sftstream-bench-latency-" + id, threads, topics,
                stateDir, overrides);
        final StreamsApp app = instance.app();
        final int total = (int) Math.ceil(rate * (warmupSeconds + seconds));
        final long[] sentAt = new long[total];
        final long[] latency = new long[total];
        Arrays.fill(latency, -1);
        final AtomicLong seen = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread reader = new Thread(() -> readLatencies(topics, latency, seen, stop),
                "bench-latency-reader");
        Meter meter = null;
        ThreadCpu cpuBefore = null;
        try {
            if (!app.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the app did not reach RUNNING in 60 s");
            }
            reader.start();
            final int warm = (int) Math.ceil(rate * warmupSeconds);
            final long interval = (long) (1e9 / rate);
            try (KafkaProducer<byte[], byte[]> producer = producer(0)) {
                final long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    if (i == warm) {
                        meter = Meter.start();
                        cpuBefore = ThreadCpu.snapshot();
                    }
                    final long due = start + i * interval;
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    final int k = i % data.size();
                    final RecordHeaders headers = new RecordHeaders();
                    headers.add(SENT_HEADER, ByteBuffer.allocate(12).putLong(now).putInt(i)
                            .array());
                    sentAt[i] = now;
                    producer.send(new ProducerRecord<>(topics.input(), null, data.keys().get(k),
                            data.values().get(k), headers));
                }
                producer.flush();
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            final Map<String, Double> cpu = cpuBefore == null ? Map.of()
                    : ThreadCpu.snapshot().since(cpuBefore);
            final Meter.Usage usage = meter == null ? Meter.start().stop() : meter.stop();
            final long[] measured = Arrays.stream(latency, warm, total).filter(l -> l >= 0)
                    .sorted().toArray();
            final long lost = Arrays.stream(latency).filter(l -> l < 0).count();
            return new Latency(rate, measured.length, quantile(measured, 0.50),
                    quantile(measured, 0.99), quantile(measured, 0.999),
                    measured.length == 0 ? 0 : measured[measured.length - 1], lost, usage,
                    quantile(measured, 0.10), quantile(measured, 0.90),
                    metrics(List.of(app)), cpu);
        } finally {
            if (meter != null) {
                meter.close();
            }
            stop.set(true);
            reader.join(10_000);
            instance.close();
            deleteQuietly(stateDir);
            deleteTopics(topics.input(), topics.output(), topics.dlq(),
                    StatsSettings.defaultsFor(topics.output()).topic());
        }
    }

    private void readLatencies(final Topics topics, final long[] latency, final AtomicLong seen,
                               final AtomicBoolean stop) {
        // The default fetch.max.wait.ms (500): a read_committed fetch returns as soon as a
        // commit makes records readable, and a shorter wait would only load the broker with
        // empty fetches that the app's CPU then misses.
        final Properties props = consumerProps();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            final List<TopicPartition> assigned = partitionsOf(topics.output(), topics.dlq());
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            while (!stop.get()) {
                for (final ConsumerRecord<byte[], byte[]> record
                        : consumer.poll(Duration.ofMillis(50))) {
                    final long now = System.nanoTime();
                    final Header sent = record.headers().lastHeader(SENT_HEADER);
                    if (sent != null) {
                        final ByteBuffer buf = ByteBuffer.wrap(sent.value());
                        final long at = buf.getLong();
                        final int index = buf.getInt();
                        if (index < latency.length && latency[index] < 0) {
                            latency[index] = now - at;
                            seen.incrementAndGet();
                        }
                    }
                }
            }
        }
    }

    /**
     * Starts one instance as {@code run} starts it: the topology with its stats flow, and the
     * Prometheus metrics as the per-record listener (without the HTTP endpoint).
     */
    private Started startApp(final String appId, final int threads, final Topics topics,
                             final Path stateDir, final Map<String, String> overrides) {
        final StatsSettings stats = StatsSettings.defaultsFor(topics.output());
        broker.createTopics(1, stats.topic());
        final Map<String, String> all = new HashMap<>(overrides);
        all.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final RunSettings settings = new RunSettings(broker.bootstrapServers(), topics, appId,
                threads, OutputFormat.JSON, false, partitions, Optional.empty(), all,
                new MonitoringSettings(0, stats));
        final MonitoredApp monitored = MonitoredApp.openWithoutEndpoint(settings, preprocessor);
        return new Started(monitored, monitored.start());
    }

    /** A started instance and what to close with it. */
    private record Started(MonitoredApp monitored, StreamsApp app) {
        void close() {
            monitored.close(Duration.ofSeconds(30));
        }
    }

    private long committed(final String appId) {
        return committed(appId, input);
    }

    private long committed(final String appId, final String topic) {
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

    /** {@link #METRICS}, summed over threads and clients ("-ratio" and "-avg": averaged). */
    private static Map<String, Double> metrics(final List<StreamsApp> apps) {
        final Map<String, Double> sums = new java.util.TreeMap<>();
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

    private static boolean allRunning(final List<StreamsApp> apps) throws InterruptedException {
        for (final StreamsApp app : apps) {
            if (!app.awaitRunning(Duration.ZERO)) {
                return false;
            }
        }
        return true;
    }

    /** Outputs, dead letters and output bytes that a read_committed consumer sees. */
    private long[] countCommitted(final Topics topics) {
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

    private Properties consumerProps() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private List<TopicPartition> partitionsOf(final String... topics) {
        final List<TopicPartition> out = new ArrayList<>();
        for (final String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                out.add(new TopicPartition(topic, p));
            }
        }
        return out;
    }

    private void deleteTopics(final String... topics) {
        try {
            admin.deleteTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        } catch (final Exception e) {
            // leftovers die with the broker's temporary directory
        }
    }

    private static long quantile(final long[] sorted, final double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
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
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
