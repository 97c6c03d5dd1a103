package io.sftstream.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.sample.SampleRecords;
import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.topology.RecordListener;
import io.sftstream.topology.SftTopology;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.StreamsConfigs;
import io.sftstream.topology.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics of a known mixed batch, read the way Prometheus reads them: over HTTP. */
class SftMetricsTest {

    private static final Topics TOPICS = new Topics("raw", "tokens", "raw-dlq");
    private static final int MAX_TOKENS = 512;
    private static final int MAX_RECORD_BYTES = 64 * 1024;

    private SftMetrics metrics;
    private MonitoringServer server;

    static Preprocessor qwenChatml() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        return new Preprocessor(new RecordParser(InputFormat.AUTO, MAX_RECORD_BYTES), qwen,
                BuiltinTemplate.resolve(qwen, TemplateName.CHATML, null, null), MAX_TOKENS,
                Overlong.REJECT, false);
    }

    @BeforeEach
    void setUp() throws Exception {
        metrics = new SftMetrics(qwenChatml());
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), metrics::scrape, () -> null);
    }

    @AfterEach
    void tearDown() {
        server.close();
        metrics.close();
    }

    private Map<String, Double> scrape() throws Exception {
        final HttpResponse<String> response = Scrape.get(server.port(), "/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        return Scrape.samples(response.body());
    }

    private static String records(final String outcome, final String reason) {
        return "sftstream_records_total{outcome=\"" + outcome + "\",reason=\"" + reason + "\"}";
    }

    @Test
    void shouldExposeEverySeriesAtZeroBeforeAnyRecord() throws Exception {
        final Map<String, Double> samples = scrape();
        assertEquals(0.0, samples.get(records("accepted", "none")));
        for (final Reason reason : Reason.values()) {
            assertEquals(0.0, samples.get(records("rejected", reason.name())), reason.name());
        }
        assertEquals(0.0, samples.get("sftstream_tokens_total"));
        assertEquals(0.0, samples.get("sftstream_trained_tokens_total"));
        assertEquals(0.0, samples.get("sftstream_sequence_tokens_count"));
        assertEquals(0.0, samples.get("sftstream_record_processing_seconds_count"));
        assertEquals(1.0, samples.get("sftstream_info{bos_id=\"none\",eos_id=\"151645\","
                + "template=\"chatml\",tokenizer_sha256=\"" + TestTokenizers.qwen3().sha256Hex()
                + "\"}"));
    }

    @Test
    void shouldScrapeExactCountsPerReasonAndOutcomeAfterAMixedBatch() throws Exception {
        final List<SampleRecords.Sample> samples = SampleRecords.generate(600, 0.1, 5L,
                new SampleRecords.Options("<|im_end|>", MAX_TOKENS, MAX_RECORD_BYTES, 40, 0.3));
        final RecordListener failing = new RecordListener() {
            @Override
            public void processed(final Outcome outcome, final long nanos) {
                if (outcome instanceof Outcome.Accepted a && a.record().id().startsWith("boom")) {
                    throw new IllegalStateException("injected failure");
                }
                metrics.processed(outcome, nanos);
            }

            @Override
            public void deadLettered(final Reason reason) {
                metrics.deadLettered(reason);
            }
        };
        final StatsSettings stats = new StatsSettings("tokens-stats", Duration.ofSeconds(60));
        final Properties props = StreamsConfigs.withMonitoring(StreamsConfigs.build("metrics",
                "dummy:9092", 1, TOPICS.dlq(), Map.of()), failing, stats);
        final EnumMap<Reason, Integer> expected = new EnumMap<>(Reason.class);
        long expectedTokens = 0;
        long expectedTrained = 0;
        int expectedAccepted = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(SftTopology.build(TOPICS,
                qwenChatml(), OutputFormat.JSON, failing, stats), props, Instant.EPOCH)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(TOPICS.input(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            for (final SampleRecords.Sample s : samples) {
                input.pipeInput(s.key(), s.value());
                if (s.expectedReason() != null) {
                    expected.merge(s.expectedReason(), 1, Integer::sum);
                }
            }
            for (int i = 0; i < 3; i++) {
                input.pipeInput(new byte[0], ("{\"id\":\"boom-" + i + "\",\"prompt\":\"p\","
                        + "\"response\":\"r\"}").getBytes(StandardCharsets.UTF_8));
            }
            for (final TrainingRecord r : driver.createOutputTopic(TOPICS.output(),
                    Serdes.ByteArray().deserializer(),
                    new TrainingRecordSerde(OutputFormat.JSON).deserializer())
                    .readValuesToList()) {
                expectedAccepted++;
                expectedTokens += r.numTokens();
                expectedTrained += r.numTrainedTokens();
            }
        }
        expected.merge(Reason.PROCESSING_ERROR, 3, Integer::sum);
        final Map<String, Double> scraped = scrape();

        assertEquals(540, expectedAccepted);
        assertEquals(expectedAccepted, scraped.get(records("accepted", "none")));
        for (final Reason reason : Reason.values()) {
            assertEquals(expected.getOrDefault(reason, 0).doubleValue(),
                    scraped.get(records("rejected", reason.name())), reason.name());
        }
        assertEquals(6, expected.get(Reason.TOO_LONG));
        assertEquals((double) expectedTokens, scraped.get("sftstream_tokens_total"));
        assertEquals((double) expectedTrained, scraped.get("sftstream_trained_tokens_total"));
        assertEquals(540.0, scraped.get("sftstream_sequence_tokens_count"));
        assertEquals((double) expectedTokens, scraped.get("sftstream_sequence_tokens_sum"));
        assertEquals(540.0, scraped.get("sftstream_sequence_tokens_bucket{le=\"+Inf\"}"));
        // Every record but the three that failed inside the listener was timed.
        assertEquals(600.0, scraped.get("sftstream_record_processing_seconds_count"));
        assertTrue(scraped.get("sftstream_record_processing_seconds_sum") > 0);
    }

    @Test
    void shouldAnswerTheHealthProbesFromTheStreamsState() throws Exception {
        assertEquals(200, Scrape.get(server.port(), "/health/live").statusCode());
        final HttpResponse<String> ready = Scrape.get(server.port(), "/health/ready");
        assertEquals(503, ready.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"state\":\"STARTING\",\"active_tasks\":0}\n",
                ready.body());
        assertEquals(404, Scrape.get(server.port(), "/metricsx").statusCode());
        assertEquals(404, Scrape.get(server.port(), "/").statusCode());
    }
}
