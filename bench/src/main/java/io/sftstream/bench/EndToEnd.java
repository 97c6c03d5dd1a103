package io.sftstream.bench;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The end-to-end stages against the in-process broker ({@link BenchCluster}): the data set
 * preloaded into an input topic, then the app started as {@code run} starts it (the topology
 * with its stats flow, the metrics listener and sftstream's Kafka defaults: exactly-once v2
 * unless an override says otherwise) with a fresh application id, and timed from start until
 * the input offsets it has committed cover every record. With exactly-once the offsets are
 * committed in the same transaction as the outputs, so that moment is when the last output is
 * committed. Each run then checks that a {@code read_committed} consumer sees exactly one output
 * or dead letter per input record. The latency stage is {@link LatencyRun}.
 */
final class EndToEnd implements AutoCloseable {

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
     * @param lastLapWall where the stream threads were during the last lap, by wall-clock
     *                    samples ({@link WallSampler}; empty with one lap)
     */
    record Laps(long[] lapNanos, long outputs, long deadLetters,
                Map<String, Double> lastLapCpu, Map<String, Double> lastLapWall) {
    }

    /** How often the last lap samples where the stream threads are. */
    static final long WALL_SAMPLE_MILLIS = 10;

    private final BenchCluster cluster;
    private final DataSet data;
    private final String input;
    private String lapsInput;
    private int runs;

    private EndToEnd(final BenchCluster cluster, final DataSet data) {
        this.cluster = cluster;
        this.data = data;
        this.input = "bench-raw";
    }

    /** Starts the broker, creates the input topic and preloads the data set into it. */
    static EndToEnd start(final Preprocessor preprocessor, final DataSet data,
                          final int partitions, final OutputFormat format) {
        final BenchCluster cluster = new BenchCluster(preprocessor, partitions, format);
        try {
            final EndToEnd e2e = new EndToEnd(cluster, data);
            cluster.createTopics(e2e.input);
            e2e.preload(e2e.input, 1);
            return e2e;
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void preload(final String topic, final int times) {
        try (KafkaProducer<byte[], byte[]> producer = cluster.producer(20)) {
            for (int t = 0; t < times; t++) {
                for (int i = 0; i < data.size(); i++) {
                    producer.send(new ProducerRecord<>(topic, data.keys().get(i),
                            data.values().get(i)));
                }
            }
            producer.flush();
        }
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
        cluster.createTopics(topics.output(), topics.dlq());
        final String appId = "sftstream-bench-" + id;
        final List<BenchCluster.Instance> started = new ArrayList<>();
        final List<StreamsApp> apps = new ArrayList<>();
        final Meter meter = Meter.start();
        final ThreadCpu cpuBefore = ThreadCpu.snapshot();
        final long start = System.nanoTime();
        long running = -1;
        try {
            for (int k = 0; k < instances; k++) {
                final BenchCluster.Instance instance = cluster.start(appId, threads, topics,
                        overrides);
                started.add(instance);
                apps.add(instance.app());
            }
            final long deadline = start + TimeUnit.MINUTES.toNanos(30);
            long at10 = -1;
            long at90 = -1;
            long committed;
            while ((committed = cluster.committed(appId, input)) < data.size()) {
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
                    throw new IllegalStateException("the app did not finish: "
                            + cluster.committed(appId, input)
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
            final Map<String, Double> metrics = BenchCluster.metrics(apps);
            final long[] counts = cluster.countCommitted(topics);
            return new Run(instances, threads, nanos, running, Math.max(1, steady), counts[0],
                    counts[1], counts[2], usage, metrics, cpu);
        } finally {
            meter.close();
            started.forEach(BenchCluster.Instance::close);
            cluster.deleteRunTopics(topics, false);
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
                cluster.deleteTopics(lapsInput);
            }
            cluster.createTopics(topic);
            preload(topic, laps);
            lapsInput = topic;
        }
        final int id = ++runs;
        final Topics topics = new Topics(lapsInput, "bench-tokens-" + id, "bench-dlq-" + id);
        cluster.createTopics(topics.output(), topics.dlq());
        final String appId = "sftstream-bench-laps-" + id;
        final long[] lapNanos = new long[laps];
        ThreadCpu cpuBefore = null;
        WallSampler wall = null;
        BenchCluster.Instance instance = null;
        try {
            long lapStart = System.nanoTime();
            instance = cluster.start(appId, threads, topics, overrides);
            final long deadline = lapStart + TimeUnit.MINUTES.toNanos(30);
            int lap = 0;
            while (lap < laps) {
                final long committed = cluster.committed(appId, lapsInput);
                while (lap < laps && committed >= (long) data.size() * (lap + 1)) {
                    final long now = System.nanoTime();
                    lapNanos[lap++] = now - lapStart;
                    lapStart = now;
                    if (lap == laps - 1) {
                        cpuBefore = ThreadCpu.snapshot();
                        wall = WallSampler.start(WALL_SAMPLE_MILLIS);
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
            Map<String, Double> where = Map.of();
            if (wall != null) {
                wall.close();
                where = wall.shares();
                wall = null;
            }
            final long[] counts = cluster.countCommitted(topics);
            return new Laps(lapNanos, counts[0], counts[1], cpu, where);
        } finally {
            if (wall != null) {
                wall.close();
            }
            if (instance != null) {
                instance.close();
            }
            cluster.deleteRunTopics(topics, false);
        }
    }

    /** The latency stage (see {@link LatencyRun}) on this broker. */
    LatencyRun.Latency latency(final double rate, final int warmupSeconds, final int seconds,
                               final int threads, final Map<String, String> overrides)
            throws InterruptedException {
        return new LatencyRun(cluster, data).run(++runs, rate, warmupSeconds, seconds, threads,
                overrides);
    }

    private static boolean allRunning(final List<StreamsApp> apps) throws InterruptedException {
        for (final StreamsApp app : apps) {
            if (!app.awaitRunning(Duration.ZERO)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
