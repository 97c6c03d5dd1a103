package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.tokenize.Outcome;
import io.sftstream.topology.RecordListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line in {@code run}'s log every interval (default a minute,
 * {@code SFTSTREAM_PROGRESS_INTERVAL}), at INFO, so that an operator tailing the log sees the
 * app working: {@code progress: 12,345 records (12,000 accepted, 345 rejected), 205.8 records/s
 * over the last 60 s, lag 1,234}. Counts are records processed by this instance since it
 * started; a record processed again after a failure under exactly-once counts again. The lag is
 * the sum of the consumer's per-partition lag (records behind the end of the input).
 */
final class ProgressLog implements RecordListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> {
                final Thread t = new Thread(r, "sftstream-progress");
                t.setDaemon(true);
                return t;
            });
    private long lastRecords;

    @Override
    public void processed(final Outcome outcome, final long nanos) {
        if (outcome instanceof Outcome.Accepted) {
            accepted.increment();
        } else {
            rejected.increment();
        }
    }

    @Override
    public void deadLettered(final Reason reason) {
        // an output the broker refused after processed() counted it as accepted
        accepted.decrement();
        rejected.increment();
    }

    /** Logs a line every {@code interval} until closed. */
    void start(final Duration interval, final Supplier<KafkaStreams> streams) {
        final long seconds = interval.toSeconds();
        timer.scheduleAtFixedRate(() -> LOG.info("{}", line(seconds, streams.get())), seconds,
                seconds, TimeUnit.SECONDS);
    }

    String line(final long seconds, final KafkaStreams streams) {
        final long ok = accepted.sum();
        final long bad = rejected.sum();
        final long records = ok + bad;
        final double rate = (records - lastRecords) / (double) seconds;
        lastRecords = records;
        final long lag = lag(streams);
        return String.format("progress: %,d records (%,d accepted, %,d rejected), %,.1f "
                + "records/s over the last %d s, lag %s", records, ok, bad, rate, seconds,
                lag < 0 ? "unknown" : String.format("%,d", lag));
    }

    private static long lag(final KafkaStreams streams) {
        if (streams == null) {
            return -1;
        }
        long sum = 0;
        boolean any = false;
        for (final Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            final MetricName name = e.getKey();
            if ("records-lag".equals(name.name())
                    && "consumer-fetch-manager-metrics".equals(name.group())
                    && name.tags().containsKey("partition")
                    && !name.tags().getOrDefault("client-id", "").contains("restore")
                    && e.getValue().metricValue() instanceof Number n
                    && !Double.isNaN(n.doubleValue())) {
                sum += n.longValue();
                any = true;
            }
        }
        return any ? sum : -1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
