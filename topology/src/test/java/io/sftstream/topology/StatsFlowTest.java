package io.sftstream.topology;

import io.sftstream.topology.stats.StatsCounts;
import io.sftstream.topology.stats.StatsPartials;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.stats.StatsWindow;
import io.sftstream.topology.stats.TallyHandoff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stats flow on the TopologyTestDriver, with its mock wall clock. */
class StatsFlowTest {

    private static final Topics TOPICS = new Topics("raw", "tokens", "raw-dlq");
    private static final StatsSettings STATS = new StatsSettings("tokens-stats",
            Duration.ofSeconds(10));
    private static final String APP_ID = "stats-test";
    /** A multiple of the window, so that the first window starts right at the driver's start. */
    private static final long T0 = 1_700_000_000_000L;

    private static final Preprocessor PREPROCESSOR = SftTopologyTest.qwenChatml();

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], TrainingRecord> output;
    private TestOutputTopic<String, byte[]> stats;

    private void open(final RecordListener listener) {
        final Properties props = StreamsConfigs.withMonitoring(StreamsConfigs.build(APP_ID,
                "dummy:9092", 1, TOPICS.dlq(), Map.of()), listener, STATS);
        driver = new TopologyTestDriver(SftTopology.build(TOPICS, PREPROCESSOR,
                OutputFormat.JSON, listener, STATS), props, Instant.ofEpochMilli(T0));
        input = driver.createInputTopic(TOPICS.input(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        output = driver.createOutputTopic(TOPICS.output(), Serdes.ByteArray().deserializer(),
                new TrainingRecordSerde(OutputFormat.JSON).deserializer());
        stats = driver.createOutputTopic(STATS.topic(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private static byte[] good(final String id) {
        return ("{\"id\":\"" + id + "\",\"prompt\":\"Say hi\",\"response\":\"Hi there!\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void pipe(final byte[]... values) {
        for (final byte[] value : values) {
            input.pipeInput("k".getBytes(StandardCharsets.UTF_8), value);
        }
    }

    /** {tokens, trained tokens} of what came out since the last call. */
    private long[] outputTokens() {
        final List<TrainingRecord> records = output.readValuesToList();
        return new long[] {records.stream().mapToLong(TrainingRecord::numTokens).sum(),
            records.stream().mapToLong(TrainingRecord::numTrainedTokens).sum()};
    }

    private StatsWindow readWindow() {
        final KeyValue<String, byte[]> record = stats.readKeyValue();
        final StatsWindow window = StatsWindow.fromJson(record.value);
        assertEquals(window.start().toString(), record.key);
        return window;
    }

    @Test
    void shouldPublishOneRecordPerWindowThatAddsUpToItsInputs() {
        open(RecordListener.NONE);
        final Map<Reason, byte[]> bad = SftTopologyTest.badRecords();
        pipe(good("a1"), good("a2"), good("a3"), bad.get(Reason.INVALID_JSON),
                bad.get(Reason.TOO_LONG), good("a4"));
        final long[] tokensA = outputTokens();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        pipe(bad.get(Reason.EMPTY_RECORD), good("b1"), bad.get(Reason.EMPTY_RECORD));
        final long[] tokensB = outputTokens();
        // Not yet: a window is published once it has ended plus the grace period (3 s).
        assertTrue(stats.isEmpty());
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        final StatsWindow a = readWindow();
        assertTrue(stats.isEmpty());
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        final StatsWindow b = readWindow();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        final StatsWindow idle = readWindow();
        assertTrue(stats.isEmpty());

        assertEquals(Instant.ofEpochMilli(T0), a.start());
        assertEquals(Instant.ofEpochMilli(T0 + 10_000), a.end());
        assertEquals(6, a.records());
        assertEquals(4, a.accepted());
        assertEquals(2, a.rejected());
        assertEquals(1, a.rejected(Reason.INVALID_JSON));
        assertEquals(1, a.rejected(Reason.TOO_LONG));
        assertEquals(0.333333, a.rejectionRate());
        assertEquals(56, a.tokens());
        assertEquals(tokensA[0], a.tokens());
        assertEquals(tokensA[1], a.trainedTokens());
        assertEquals(0, a.carriedOver());

        assertEquals(Instant.ofEpochMilli(T0 + 10_000), b.start());
        assertEquals(Instant.ofEpochMilli(T0 + 20_000), b.end());
        assertEquals(1, b.accepted());
        assertEquals(2, b.rejected(Reason.EMPTY_RECORD));
        assertEquals(2, b.rejected());
        assertEquals(0.666667, b.rejectionRate());
        assertEquals(14, b.tokens());
        assertEquals(tokensB[0], b.tokens());
        assertEquals(tokensB[1], b.trainedTokens());

        assertEquals(Instant.ofEpochMilli(T0 + 20_000), idle.start());
        assertEquals(0, idle.records());
        assertEquals(0.0, idle.rejectionRate());
    }

    @Test
    void shouldCountAHandlerDeadLetterOnceAsProcessingError() {
        open((outcome, nanos) -> {
            if (outcome instanceof Outcome.Accepted a && a.record().id().equals("boom")) {
                throw new IllegalStateException("injected failure");
            }
        });
        pipe(good("x1"), good("boom"), good("x2"));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        final StatsWindow window = readWindow();
        assertEquals(3, window.records());
        assertEquals(2, window.accepted());
        assertEquals(1, window.rejected(Reason.PROCESSING_ERROR));
        assertEquals(1, window.rejected());
        assertEquals(2, output.readValuesToList().size());
    }

    @Test
    void shouldCarryAPartialOfAnAlreadyPublishedWindowIntoTheNextOne() {
        open(RecordListener.NONE);
        pipe(good("p1"));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        final StatsWindow first = readWindow();
        assertEquals(1, first.records());
        // A task that moved across the window's end hands in its counts for it late.
        final TestInputTopic<byte[], byte[]> partials = driver.createInputTopic(
                StatsPartials.topicFor(APP_ID), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        partials.pipeInput(StatsPartials.key(T0), new StatsCounts().reject(Reason.WRONG_TYPE)
                .reject(Reason.WRONG_TYPE).addAccepted(3, 30, 12).toBytes());
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        final StatsWindow next = readWindow();
        assertEquals(Instant.ofEpochMilli(T0 + 10_000), next.start());
        assertEquals(5, next.records());
        assertEquals(3, next.accepted());
        assertEquals(2, next.rejected(Reason.WRONG_TYPE));
        assertEquals(30, next.tokens());
        assertEquals(12, next.trainedTokens());
        assertEquals(5, next.carriedOver());
        assertFalse(stats.readKeyValuesToList().stream()
                .anyMatch(kv -> kv.key.equals(first.key())), "a window is published once");
    }

    @Test
    void shouldRoundTripCountsAndWindowsThroughTheirWireFormats() {
        final StatsCounts counts = new StatsCounts().addAccepted(-1, -57, -19)
                .reject(Reason.PROCESSING_ERROR).reject(Reason.SPECIAL_TOKEN_IN_TEXT);
        final StatsCounts back = StatsCounts.fromBytes(counts.toBytes());
        assertEquals(counts.toString(), back.toString());
        assertEquals(1, back.records());
        final StatsWindow window = StatsWindow.of(T0, T0 + 60_000, new StatsCounts()
                .addAccepted(3, 100, 40).reject(Reason.TOO_LONG).markCarriedOver());
        assertEquals("{\"window_start\":\"2023-11-14T22:13:20Z\",\"window_end\":"
                + "\"2023-11-14T22:14:20Z\",\"records\":4,\"accepted\":3,\"rejected\":1,"
                + "\"rejection_rate\":0.25,\"rejected_by_reason\":{\"EMPTY_RECORD\":0,"
                + "\"RECORD_TOO_LARGE\":0,\"INVALID_JSON\":0,\"UNKNOWN_FORMAT\":0,"
                + "\"MISSING_FIELD\":0,\"WRONG_TYPE\":0,\"EMPTY_TEXT\":0,\"BAD_CONVERSATION\":0,"
                + "\"SPECIAL_TOKEN_IN_TEXT\":0,\"TOO_LONG\":1,\"PROCESSING_ERROR\":0},"
                + "\"tokens\":100,\"trained_tokens\":40,\"carried_over\":4}",
                new String(window.toJson(), StandardCharsets.UTF_8));
        assertEquals(window, StatsWindow.fromJson(window.toJson()));
    }

    @Test
    void shouldLetAHandlerClaimARecordOnlyDuringTheTallysForward() {
        assertFalse(TallyHandoff.claim());
        TallyHandoff.enter();
        assertFalse(TallyHandoff.exit());
        TallyHandoff.enter();
        assertTrue(TallyHandoff.claim());
        assertTrue(TallyHandoff.exit());
        assertFalse(TallyHandoff.claim());
    }
}
