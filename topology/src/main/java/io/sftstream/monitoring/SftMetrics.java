package io.sftstream.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.RecordListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The app's Prometheus metrics (Micrometer), fed as a {@link RecordListener}. Names as Prometheus
 * scrapes them:
 * <ul>
 *   <li>{@code sftstream_records_total{outcome,reason}}: records by outcome; {@code
 *       outcome="accepted",reason="none"}, or {@code outcome="rejected"} with the reason code.
 *       Every series exists, at 0, from the start.</li>
 *   <li>{@code sftstream_tokens_total}, {@code sftstream_trained_tokens_total}: tokens of the
 *       accepted records, all and trained-on.</li>
 *   <li>{@code sftstream_sequence_tokens}: tokens per accepted record, a histogram
 *       ({@code _bucket{le}}, {@code _count}, {@code _sum}, {@code _max}).</li>
 *   <li>{@code sftstream_record_processing_seconds}: time of the preprocessing step per record,
 *       a histogram ({@code _bucket{le}}, {@code _count}, {@code _sum}, {@code _max}).</li>
 *   <li>{@code sftstream_info{tokenizer_sha256,template,eos_id,bos_id}}: always 1.</li>
 *   <li>after {@link #bindStreams}: Kafka Streams' and its clients' own metrics, {@code
 *       kafka_stream_*}, {@code kafka_consumer_*}, {@code kafka_producer_*}, ... (Micrometer's
 *       {@link KafkaStreamsMetrics}).</li>
 *   <li>the JVM's and the process's: {@code jvm_*}, {@code process_*}, {@code system_*}
 *       ({@link JvmMetrics}).</li>
 * </ul>
 * Counters count attempts: a record processed again after an aborted transaction (a crash, a
 * rebalance under exactly-once) counts again; the stats topic counts each record once. Thread-safe.
 * The caller owns it and must close it.
 */
public final class SftMetrics implements RecordListener, AutoCloseable {

    /** Bucket bounds of {@code sftstream_sequence_tokens}. */
    static final double[] SEQUENCE_BUCKETS = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192,
        16384, 32768, 65536, 131072};

    /** Bucket bounds of {@code sftstream_record_processing_seconds}. */
    static final Duration[] TIME_BUCKETS = {Duration.ofNanos(10_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofSeconds(1)};

    /** How often new Kafka client metrics (new threads, partitions) are picked up. */
    static final Duration KAFKA_REFRESH = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted;
    private final EnumMap<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final Counter tokens;
    private final Counter trainedTokens;
    private final DistributionSummary sequenceTokens;
    private final Timer processing;
    private final JvmMetrics jvm = new JvmMetrics(registry);
    private ScheduledExecutorService kafkaScheduler;
    private KafkaStreamsMetrics kafkaMetrics;

    /** The metrics of an app that runs {@code preprocessor}. */
    public SftMetrics(final Preprocessor preprocessor) {
        accepted = records("accepted", "none");
        for (final Reason reason : Reason.values()) {
            rejected.put(reason, records("rejected", reason.name()));
        }
        tokens = Counter.builder("sftstream.tokens")
                .description("Tokens of the accepted records").register(registry);
        trainedTokens = Counter.builder("sftstream.trained.tokens")
                .description("Trained-on tokens (label not -100) of the accepted records")
                .register(registry);
        sequenceTokens = DistributionSummary.builder("sftstream.sequence.tokens")
                .description("Tokens per accepted record")
                .serviceLevelObjectives(SEQUENCE_BUCKETS).register(registry);
        processing = Timer.builder("sftstream.record.processing")
                .description("Time of the preprocessing step per record")
                .serviceLevelObjectives(TIME_BUCKETS).register(registry);
        final var template = preprocessor.template();
        Gauge.builder("sftstream.info", () -> 1)
                .description("The tokenizer and template this instance runs with")
                .tag("tokenizer_sha256", preprocessor.tokenizer().sha256Hex())
                .tag("template", template.name())
                .tag("eos_id", Integer.toString(template.endOfTurnId()))
                .tag("bos_id", template.bosId().isPresent()
                        ? Integer.toString(template.bosId().getAsInt()) : "none")
                .register(registry);
    }

    private Counter records(final String outcome, final String reason) {
        return Counter.builder("sftstream.records")
                .description("Records processed, by outcome and rejection reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    @Override
    public void processed(final Outcome outcome, final long nanos) {
        processing.record(nanos, TimeUnit.NANOSECONDS);
        if (outcome instanceof Outcome.Accepted a) {
            final TrainingRecord record = a.record();
            accepted.increment();
            tokens.increment(record.numTokens());
            trainedTokens.increment(record.numTrainedTokens());
            sequenceTokens.record(record.numTokens());
        } else {
            rejected.get(((Outcome.Rejected) outcome).rejection().reason()).increment();
        }
    }

    @Override
    public void deadLettered(final Reason reason) {
        rejected.get(reason).increment();
    }

    /** Adds the metrics of a Kafka Streams instance and its clients; call once. */
    public synchronized void bindStreams(final KafkaStreams streams) {
        if (kafkaMetrics != null) {
            throw new IllegalStateException("a Kafka Streams instance is already bound");
        }
        kafkaScheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "sftstream-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
        kafkaMetrics = new KafkaStreamsMetrics(streams, List.of(), kafkaScheduler, KAFKA_REFRESH);
        kafkaMetrics.bindTo(registry);
    }

    /** The Prometheus text exposition (format 0.0.4) of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        if (kafkaMetrics != null) {
            kafkaMetrics.close();
            kafkaScheduler.shutdownNow();
        }
        jvm.close();
        registry.close();
    }

    @Override
    public String toString() {
        return "SftMetrics[prometheus]";
    }
}
