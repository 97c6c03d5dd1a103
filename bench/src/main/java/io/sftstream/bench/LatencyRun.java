package io.sftstream.bench;

import io.sftstream.app.CommittedReader;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The latency stage: the data set's records sent round-robin at a fixed rate into a fresh input
 * topic, for a warm-up and then the measured seconds. Every record carries its send time
 * (System.nanoTime, same JVM) in a header that the app copies to its output and dead letters;
 * a {@code read_committed} reader takes the difference when it reads them.
 */
final class LatencyRun {

    static final String SENT_HEADER = "bench.sent.nanos";

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

    private final BenchCluster cluster;
    private final DataSet data;

    LatencyRun(final BenchCluster cluster, final DataSet data) {
        this.cluster = cluster;
        this.data = data;
    }

    /** Runs at {@code rate} records/s; {@code id} makes the topic and application names. */
    Latency run(final int id, final double rate, final int warmupSeconds, final int seconds,
                final int threads, final Map<String, String> overrides)
            throws InterruptedException {
        final Topics topics = new Topics("bench-raw-paced-" + id, "bench-tokens-" + id,
                "bench-dlq-" + id);
        cluster.createTopics(topics.input(), topics.output(), topics.dlq());
        final BenchCluster.Instance instance = cluster.start("sftstream-bench-latency-" + id,
                threads, topics, overrides);
        final StreamsApp app = instance.app();
        final int total = (int) Math.ceil(rate * (warmupSeconds + seconds));
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
            try (KafkaProducer<byte[], byte[]> producer = cluster.producer(0)) {
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
                    BenchCluster.metrics(List.of(app)), cpu);
        } finally {
            if (meter != null) {
                meter.close();
            }
            stop.set(true);
            reader.join(10_000);
            instance.close();
            cluster.deleteRunTopics(topics, true);
        }
    }

    private void readLatencies(final Topics topics, final long[] latency, final AtomicLong seen,
                               final AtomicBoolean stop) {
        // The default fetch.max.wait.ms (500): a read_committed fetch returns as soon as a
        // commit makes records readable, and a shorter wait would only load the broker with
        // empty fetches that the app's CPU then misses.
        try (CommittedReader reader = new CommittedReader(cluster.bootstrapServers(),
                topics.output(), topics.dlq())) {
            while (!stop.get()) {
                for (final ConsumerRecord<byte[], byte[]> record
                        : reader.poll(Duration.ofMillis(50))) {
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

    private static long quantile(final long[] sorted, final double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
