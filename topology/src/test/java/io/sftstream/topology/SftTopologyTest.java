package io.sftstream.topology;

import io.sftstream.topology.stats.StatsSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.sample.SampleRecords;
import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SftTopologyTest {

    private static final Topics TOPICS = new Topics("raw", "tokens", "raw-dlq");
    private static final StatsSettings STATS =
            new StatsSettings("tokens-stats", Duration.ofSeconds(10));
    private static final int MAX_TOKENS = 512;
    private static final int MAX_RECORD_BYTES = 64 * 1024;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], TrainingRecord> output;
    private TestOutputTopic<byte[], byte[]> dlq;
    private Preprocessor preprocessor;

    static Preprocessor qwenChatml() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        return new Preprocessor(new RecordParser(InputFormat.AUTO, MAX_RECORD_BYTES), qwen,
                BuiltinTemplate.resolve(qwen, TemplateName.CHATML, null, null), MAX_TOKENS,
                Overlong.REJECT, false);
    }

    private void open(final RecordListener listener) {
        preprocessor = qwenChatml();
        final Topology topology = SftTopology.build(TOPICS, preprocessor, OutputFormat.JSON,
                listener, STATS);
        final Properties props = StreamsConfigs.build("sftstream-test", "dummy:9092", 1,
                TOPICS.dlq(), Map.of());
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(1_000));
        input = driver.createInputTopic(TOPICS.input(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        output = driver.createOutputTopic(TOPICS.output(), Serdes.ByteArray().deserializer(),
                new TrainingRecordSerde(OutputFormat.JSON).deserializer());
        dlq = driver.createOutputTopic(TOPICS.dlq(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @BeforeEach
    void setUp() {
        open(RecordListener.NONE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(final Headers headers, final String name) {
        final Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldPublishTrainingRecordWithExactIdsAndHeaders() {
        final Headers in = new RecordHeaders().add("trace", utf8("t-1"));
        input.pipeInput(new TestRecord<>(utf8("k1"), utf8("{\"id\":\"a-17\",\"prompt\":\"Hi\","
                + "\"response\":\"Hello!\"}"), in, 5_000L));
        final TestRecord<byte[], TrainingRecord> out = output.readRecord();
        assertArrayEquals(utf8("k1"), out.key());
        assertEquals(5_000L, out.timestamp());
        // <|im_start|> user \n Hi <|im_end|> \n <|im_start|> assistant \n | Hello ! <|im_end|>
        assertArrayEquals(new int[] {151644, 872, 198, 13048, 151645, 198, 151644, 77091, 198,
            9707, 0, 151645}, out.value().inputIds());
        assertArrayEquals(new int[] {-100, -100, -100, -100, -100, -100, -100, -100, -100,
            9707, 0, 151645}, out.value().labels());
        assertEquals("a-17", out.value().id());
        assertEquals(3, out.value().numTrainedTokens());
        assertEquals(TestTokenizers.qwen3().sha256Hex(),
                header(out.headers(), SftHeaders.TOKENIZER));
        assertEquals("chatml", header(out.headers(), SftHeaders.TEMPLATE));
        assertEquals("151645", header(out.headers(), SftHeaders.EOS_ID));
        assertEquals("t-1", header(out.headers(), "trace"));
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldUseTopicPartitionOffsetAsDefaultId() {
        input.pipeInput(utf8("k"), utf8("{\"prompt\":\"a\",\"response\":\"b\"}"));
        input.pipeInput(utf8("k"), utf8("{\"prompt\":\"a\",\"response\":\"b\"}"));
        assertEquals("raw-0-0", output.readValue().id());
        assertEquals("raw-0-1", output.readValue().id());
    }

    /** One record per rejection reason that data can cause. */
    static Map<Reason, byte[]> badRecords() {
        final Map<Reason, byte[]> bad = new HashMap<>();
        bad.put(Reason.EMPTY_RECORD, new byte[0]);
        bad.put(Reason.RECORD_TOO_LARGE, utf8("{\"prompt\":\"p\",\"response\":\""
                + "x".repeat(MAX_RECORD_BYTES) + "\"}"));
        bad.put(Reason.INVALID_JSON, new byte[] {'{', '"', (byte) 0xFF, '"', '}'});
        bad.put(Reason.UNKNOWN_FORMAT, utf8("{\"question\":\"q\",\"answer\":\"a\"}"));
        bad.put(Reason.MISSING_FIELD, utf8("{\"instruction\":\"i\"}"));
        bad.put(Reason.WRONG_TYPE, utf8("{\"prompt\":null,\"response\":\"r\"}"));
        bad.put(Reason.EMPTY_TEXT, utf8("{\"prompt\":\"p\",\"response\":\"\\u3000\"}"));
        bad.put(Reason.BAD_CONVERSATION, utf8("{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"u\"}]}"));
        bad.put(Reason.SPECIAL_TOKEN_IN_TEXT, utf8("{\"prompt\":\"stop<|im_end|>now\","
                + "\"response\":\"r\"}"));
        bad.put(Reason.TOO_LONG, utf8("{\"prompt\":\"p\",\"response\":\""
                + "word ".repeat(MAX_TOKENS) + "\"}"));
        return bad;
    }

    @Test
    void shouldSendEveryRejectionReasonToDlqWithOriginalBytesAndHeaders() {
        final Map<Reason, byte[]> bad = badRecords();
        long offset = 0;
        for (final Reason reason : SampleRecords.BAD_REASONS) {
            final byte[] key = utf8("key-" + reason);
            final Headers headers = new RecordHeaders().add("origin", utf8("app-7"));
            input.pipeInput(new TestRecord<>(key, bad.get(reason), headers, 42_000L + offset));
            final TestRecord<byte[], byte[]> dead = dlq.readRecord();
            assertArrayEquals(key, dead.key(), reason.name());
            assertArrayEquals(bad.get(reason), dead.value(), reason.name());
            assertEquals(42_000L + offset, dead.timestamp());
            assertEquals(reason.name(), header(dead.headers(), SftHeaders.ERROR_REASON));
            assertNotNull(header(dead.headers(), SftHeaders.ERROR_MESSAGE));
            assertEquals("app-7", header(dead.headers(), "origin"));
            assertEquals("raw", header(dead.headers(), SftHeaders.ERROR_TOPIC));
            assertEquals("0", header(dead.headers(), SftHeaders.ERROR_PARTITION));
            assertEquals(Long.toString(offset), header(dead.headers(), SftHeaders.ERROR_OFFSET));
            offset++;
        }
        assertTrue(output.isEmpty());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldKeepTombstoneAsNullValueInDlq() {
        input.pipeInput(utf8("gone"), (byte[]) null);
        final TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertArrayEquals(utf8("gone"), dead.key());
        assertNull(dead.value());
        assertEquals("EMPTY_RECORD", header(dead.headers(), SftHeaders.ERROR_REASON));
        assertEquals("record value is null (a tombstone)",
                header(dead.headers(), SftHeaders.ERROR_MESSAGE));
    }

    @Test
    void shouldAccountForEveryRecordOfAMixedBatch() {
        final List<SampleRecords.Sample> samples = SampleRecords.generate(1_200, 0.1, 7L,
                new SampleRecords.Options("<|im_end|>", MAX_TOKENS, MAX_RECORD_BYTES, 40, 0.3));
        final Map<String, List<Integer>> sentPerKey = new HashMap<>();
        int expectedAccepted = 0;
        final Map<Reason, Integer> expectedRejected = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            final SampleRecords.Sample s = samples.get(i);
            final Headers headers = new RecordHeaders().add("seq", utf8(Integer.toString(i)));
            input.pipeInput(new TestRecord<>(s.key(), s.value(), headers, 1_000L + i));
            sentPerKey.computeIfAbsent(new String(s.key(), StandardCharsets.UTF_8),
                    k -> new ArrayList<>()).add(i);
        }
        final Map<String, List<Integer>> seenPerKey = new HashMap<>();
        final Set<String> ids = new HashSet<>();
        int accepted = 0;
        while (!output.isEmpty()) {
            final TestRecord<byte[], TrainingRecord> r = output.readRecord();
            assertTrue(ids.add(r.value().id()), "duplicate id " + r.value().id());
            final int seq = Integer.parseInt(header(r.headers(), "seq"));
            assertNull(samples.get(seq).expectedReason(), "accepted a bad record " + seq);
            seenPerKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8),
                    k -> new ArrayList<>()).add(seq);
            accepted++;
        }
        final Map<Reason, Integer> rejected = new HashMap<>();
        int rejectedTotal = 0;
        while (!dlq.isEmpty()) {
            final TestRecord<byte[], byte[]> r = dlq.readRecord();
            final int seq = Integer.parseInt(header(r.headers(), "seq"));
            final Reason reason = Reason.valueOf(header(r.headers(), SftHeaders.ERROR_REASON));
            assertEquals(samples.get(seq).expectedReason(), reason, "record " + seq);
            assertArrayEquals(samples.get(seq).value(), r.value());
            seenPerKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8),
                    k -> new ArrayList<>()).add(seq);
            rejected.merge(reason, 1, Integer::sum);
            rejectedTotal++;
        }
        for (final SampleRecords.Sample s : samples) {
            if (s.expectedReason() == null) {
                expectedAccepted++;
            } else {
                expectedRejected.merge(s.expectedReason(), 1, Integer::sum);
            }
        }
        assertEquals(samples.size(), accepted + rejectedTotal);
        assertEquals(expectedAccepted, accepted);
        assertEquals(1_080, accepted);
        assertEquals(expectedRejected, rejected);
        assertEquals(SampleRecords.BAD_REASONS.size(), rejected.size());
        // Within a key, records come out in the order they went in.
        for (final Map.Entry<String, List<Integer>> e : seenPerKey.entrySet()) {
            final List<Integer> sorted = new ArrayList<>(e.getValue());
            sorted.sort(null);
            assertEquals(sentPerKey.get(e.getKey()), sorted);
        }
    }

    @Test
    void shouldRouteProcessorExceptionToDlqAndGoOn() {
        driver.close();
        open((outcome, nanos) -> {
            if (outcome instanceof Outcome.Accepted a && a.record().id().equals("boom")) {
                throw new IllegalStateException("injected failure");
            }
        });
        final Headers headers = new RecordHeaders().add("h", utf8("v"));
        final byte[] boom = utf8("{\"id\":\"boom\",\"prompt\":\"p\",\"response\":\"r\"}");
        input.pipeInput(new TestRecord<>(utf8("k"), boom, headers, 9_000L));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"next\",\"prompt\":\"p\",\"response\":\"r\"}"));
        final TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertArrayEquals(boom, dead.value());
        assertArrayEquals(utf8("k"), dead.key());
        assertEquals(9_000L, dead.timestamp());
        assertEquals("PROCESSING_ERROR", header(dead.headers(), SftHeaders.ERROR_REASON));
        assertEquals("java.lang.IllegalStateException: injected failure",
                header(dead.headers(), SftHeaders.ERROR_MESSAGE));
        assertEquals("v", header(dead.headers(), "h"));
        assertEquals("raw", header(dead.headers(), SftHeaders.ERROR_TOPIC));
        assertEquals("0", header(dead.headers(), SftHeaders.ERROR_PARTITION));
        assertEquals("0", header(dead.headers(), SftHeaders.ERROR_OFFSET));
        assertEquals("next", output.readValue().id());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldWriteBinaryOutputWhenAsked() {
        driver.close();
        final Topology topology = SftTopology.build(TOPICS, qwenChatml(), OutputFormat.BINARY,
                RecordListener.NONE, STATS);
        driver = new TopologyTestDriver(topology, StreamsConfigs.build("t", "dummy:9092", 1,
                TOPICS.dlq(), Map.of()));
        driver.createInputTopic(TOPICS.input(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer())
                .pipeInput(utf8("k"), utf8("{\"id\":\"b\",\"prompt\":\"Hi\",\"response\":\"Hello!\"}"));
        final byte[] raw = driver.createOutputTopic(TOPICS.output(),
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readValue();
        assertEquals(1, raw[0]);
        final TrainingRecord record = TrainingRecordSerde.decode(raw);
        assertEquals("b", record.id());
        assertEquals(151645, record.inputIds()[record.numTokens() - 1]);
    }

    @Test
    void shouldPinTheTopologyDescription() {
        final String expected = """
                Topologies:
                   Sub-topology: 0
                    Source: sftstream-source (topics: [raw])
                      --> sftstream-preprocess
                    Processor: sftstream-preprocess (stores: [])
                      --> sftstream-stats-tally
                      <-- sftstream-source
                    Processor: sftstream-stats-tally (stores: [sftstream-stats-task-counts])
                      --> sftstream-training-record, sftstream-original-value, sftstream-stats-partial-bytes
                      <-- sftstream-preprocess
                    Processor: sftstream-stats-partial-bytes (stores: [])
                      --> sftstream-stats-partials-repartition-filter
                      <-- sftstream-stats-tally
                    Processor: sftstream-original-value (stores: [])
                      --> sftstream-dlq-sink
                      <-- sftstream-stats-tally
                    Processor: sftstream-stats-partials-repartition-filter (stores: [])
                      --> sftstream-stats-partials-repartition-sink
                      <-- sftstream-stats-partial-bytes
                    Processor: sftstream-training-record (stores: [])
                      --> sftstream-output-sink
                      <-- sftstream-stats-tally
                    Sink: sftstream-dlq-sink (topic: raw-dlq)
                      <-- sftstream-original-value
                    Sink: sftstream-output-sink (topic: tokens)
                      <-- sftstream-training-record
                    Sink: sftstream-stats-partials-repartition-sink (topic: sftstream-stats-partials-repartition)
                      <-- sftstream-stats-partials-repartition-filter

                  Sub-topology: 1
                    Source: sftstream-stats-partials-repartition-source (topics: [sftstream-stats-partials-repartition])
                      --> sftstream-stats-combine
                    Processor: sftstream-stats-combine (stores: [sftstream-stats-published, sftstream-stats-windows])
                      --> sftstream-stats-sink
                      <-- sftstream-stats-partials-repartition-source
                    Sink: sftstream-stats-sink (topic: tokens-stats)
                      <-- sftstream-stats-combine

                """;
        assertEquals(expected, SftTopology.build(TOPICS, preprocessor, OutputFormat.JSON,
                RecordListener.NONE, STATS).describe().toString());
    }
}
