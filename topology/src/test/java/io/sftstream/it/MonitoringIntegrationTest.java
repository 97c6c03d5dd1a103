package io.sftstream.it;

import io.sftstream.app.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.monitoring.MonitoringServer;
import io.sftstream.monitoring.Scrape;
import io.sftstream.monitoring.SftMetrics;
import io.sftstream.sample.SampleRecords;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.topology.RecordListener;
import io.sftstream.topology.SftTopology;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.StreamsConfigs;
import io.sftstream.topology.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics and health of a running app against a real (in-process) broker: a known mixed batch,
 * then a scrape of {@code /metrics}; the alert rules and the dashboard in deploy/monitoring use
 * only names that scrape has; {@code /health/ready} turns 200 only once Streams is RUNNING.
 */
class MonitoringIntegrationTest {

    private static final int RECORDS = 2_000;
    private static final Path DEPLOY = Path.of("..", "deploy", "monitoring");

    private static EmbeddedKafkaBroker broker;
    private static SftMetrics metrics;
    private static MonitoringServer server;
    private static StreamsApp app;
    private static List<ConsumerRecord<byte[], byte[]>> committed;
    private static String outputTopic;

    @BeforeAll
    static void runAKnownBatch() throws Exception {
        broker = EmbeddedKafkaBroker.start(0);
        final Topics topics = new Topics("mon-raw", "mon-tokens", "mon-dlq");
        outputTopic = topics.output();
        final StatsSettings stats = new StatsSettings("mon-tokens-stats", Duration.ofSeconds(1));
        broker.createTopics(4, topics.input(), topics.output(), topics.dlq());
        broker.createTopics(1, stats.topic());
        final List<SampleRecords.Sample> samples = SampleRecords.generate(RECORDS, 0.1, 31,
                new SampleRecords.Options("<|im_end|>", RealBrokerStreamingTest.MAX_TOKENS,
                        RealBrokerStreamingTest.MAX_RECORD_BYTES, 300, 0.2));
        new StreamingAccounting(samples, topics.input(), topics.output())
                .produce(broker.bootstrapServers(), 0, RECORDS);
        metrics = new SftMetrics(RealBrokerStreamingTest.preprocessor());
        final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), metrics::scrape, () -> streams.get() == null ? null : streams.get().state());
        final Properties props = StreamsConfigs.withMonitoring(StreamsConfigs.build("it-mon",
                broker.bootstrapServers(), 2, topics.dlq(), Map.of()), metrics, stats);
        app = StreamsApp.start(SftTopology.build(topics, RealBrokerStreamingTest.preprocessor(),
                OutputFormat.JSON, metrics, stats), props);
        streams.set(app.streams());
        metrics.bindStreams(app.streams());
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                topics.output(), topics.dlq())) {
            reader.pollUntil(RECORDS, Duration.ofMinutes(2));
            committed = reader.drain(Duration.ofSeconds(1));
        }
        assertEquals(RECORDS, committed.size());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        broker.close();
    }

    private static String scrape() throws Exception {
        final String text = Scrape.get(server.port(), "/metrics").body();
        Files.writeString(Path.of("target", "monitoring-scrape.txt"), text);
        return text;
    }

    private static String records(final String outcome, final String reason) {
        return "sftstream_records_total{outcome=\"" + outcome + "\",reason=\"" + reason + "\"}";
    }

    @Test
    void shouldScrapeExactCountsPerReasonAndOutcomeAfterAKnownBatch() throws Exception {
        final StatsAccounting.CommittedTotals totals =
                StatsAccounting.CommittedTotals.of(committed, outputTopic);
        final long accepted = totals.accepted();
        final EnumMap<Reason, Long> rejected = totals.rejected();
        final Map<String, Double> samples = Scrape.samples(scrape());
        assertEquals(1_800, accepted);
        assertEquals((double) accepted, samples.get(records("accepted", "none")));
        for (final Reason reason : Reason.values()) {
            assertEquals(rejected.getOrDefault(reason, 0L).doubleValue(),
                    samples.get(records("rejected", reason.name())), reason.name());
        }
        assertEquals(20, rejected.get(Reason.TOO_LONG));
        assertEquals((double) totals.tokens(), samples.get("sftstream_tokens_total"));
        assertEquals((double) totals.trainedTokens(),
                samples.get("sftstream_trained_tokens_total"));
        assertEquals((double) accepted, samples.get("sftstream_sequence_tokens_count"));
        assertEquals((double) RECORDS, samples.get("sftstream_record_processing_seconds_count"));
    }

    @Test
    void shouldExportKafkaStreamsOwnMetrics() throws Exception {
        final Set<String> names = Scrape.names(scrape());
        for (final String name : List.of("kafka_stream_thread_commit_rate",
                "kafka_stream_thread_process_rate", "kafka_stream_alive_stream_threads",
                "kafka_consumer_fetch_manager_records_lag_max")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
    }

    /** Metric names in PromQL expressions: what is left after strings, labels and functions. */
    static Set<String> metricNames(final String promql) {
        String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
                        " ");
        final Set<String> keywords = Set.of("and", "or", "unless", "by", "without", "on",
                "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan");
        final Set<String> names = new TreeSet<>();
        final Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?")
                .matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !keywords.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void collectExpressions(final JsonNode node, final List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectExpressions(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, out));
        }
    }

    @Test
    void shouldUseOnlyExportedMetricNamesInAlertRulesAndDashboard() throws Exception {
        final Set<String> exported = Scrape.names(scrape());
        final List<String> alerts = new ArrayList<>();
        collectExpressions(new YAMLMapper().readTree(
                DEPLOY.resolve("sftstream-alerts.yaml").toFile()), alerts);
        final List<String> panels = new ArrayList<>();
        collectExpressions(new ObjectMapper().readTree(
                DEPLOY.resolve("sftstream-dashboard.json").toFile()), panels);
        assertTrue(alerts.size() >= 4, "alert rules: " + alerts);
        assertTrue(panels.size() >= 8, "dashboard queries: " + panels);
        final Set<String> used = new TreeSet<>();
        for (final String expr : alerts) {
            used.addAll(metricNames(expr));
        }
        for (final String expr : panels) {
            used.addAll(metricNames(expr));
        }
        assertTrue(used.containsAll(Set.of("sftstream_records_total",
                "kafka_consumer_fetch_manager_records_lag_max")), "names found: " + used);
        final Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(exported);
        // Prometheus writes `up` for every scrape target itself (the target-down alert).
        unknown.remove("up");
        assertEquals(Set.of(), unknown, "metric names the app does not export");
    }

    @Test
    void shouldExtractMetricNamesFromPromql() {
        assertEquals(Set.of("a_total", "b_bucket"), metricNames("sum by (job, reason) "
                + "(rate(a_total{outcome=\"rejected\",x=~\"a(b)\"}[5m] offset 1h)) / on (job) "
                + "group_left histogram_quantile(0.9, sum by (le) (rate(b_bucket[$__rate_interval]"
                + "))) > 1e-9 and on(job) vector(1)"));
    }

    @Test
    void shouldTurnReadyOnlyAfterStreamsIsRunning() throws Exception {
        final Topics topics = new Topics("health-raw", "health-tokens", "health-dlq");
        final StatsSettings healthStats = StatsSettings.defaultsFor(topics.output());
        broker.createTopics(1, topics.input(), topics.output(), topics.dlq(),
                healthStats.topic());
        final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        try (MonitoringServer probes = MonitoringServer.start(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), () -> "", () -> streams.get() == null
                ? null : streams.get().state())) {
            assertEquals(503, Scrape.get(probes.port(), "/health/ready").statusCode());
            assertEquals(200, Scrape.get(probes.port(), "/health/live").statusCode());
            final StreamsApp health = StreamsApp.start(SftTopology.build(topics,
                    RealBrokerStreamingTest.preprocessor(), OutputFormat.JSON,
                    RecordListener.NONE, healthStats),
                    StreamsConfigs.withMonitoring(StreamsConfigs.build("it-health",
                            broker.bootstrapServers(), 1, topics.dlq(), Map.of()),
                            RecordListener.NONE, healthStats));
            streams.set(health.streams());
            boolean sawNotReady = false;
            boolean ready = false;
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!ready && System.nanoTime() < deadline) {
                final KafkaStreams.State before = health.streams().state();
                final int code = Scrape.get(probes.port(), "/health/ready").statusCode();
                final KafkaStreams.State after = health.streams().state();
                if (code == 200) {
                    assertTrue(before == KafkaStreams.State.RUNNING
                            || after == KafkaStreams.State.RUNNING, before + " -> " + after);
                    ready = true;
                } else {
                    assertEquals(503, code);
                    assertFalse(before == KafkaStreams.State.RUNNING
                            && after == KafkaStreams.State.RUNNING, "RUNNING but not ready");
                    sawNotReady = true;
                }
            }
            assertTrue(ready, "ready within 60 s");
            assertTrue(sawNotReady, "not ready before RUNNING");
            health.close();
            assertEquals(KafkaStreams.State.NOT_RUNNING, health.streams().state());
            assertEquals(503, Scrape.get(probes.port(), "/health/ready").statusCode());
            assertEquals(503, Scrape.get(probes.port(), "/health/live").statusCode());
        }
    }
}
