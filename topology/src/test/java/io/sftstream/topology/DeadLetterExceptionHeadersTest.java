package io.sftstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.topology.stats.StatsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code PROCESSING_ERROR} dead letter carries the exception headers Kafka Streams' own
 * dead-letter records carry (SPEC section 2); a record rejected for its data carries none.
 */
class DeadLetterExceptionHeadersTest {

    private static final Topics TOPICS = new Topics("raw", "tokens", "raw-dlq");

    /** Thrown by the listener for the record with id "boom", after preprocessing. */
    private final IllegalStateException injected =
            new IllegalStateException("injected failure: tokenizer state lost");
    private final List<Exception> thrown = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void setUp() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final Preprocessor preprocessor = new Preprocessor(
                new RecordParser(InputFormat.AUTO, 64 * 1024), qwen,
                BuiltinTemplate.resolve(qwen, TemplateName.CHATML, null, null), 512, Overlong.REJECT,
                false);
        final RecordListener listener = (outcome, nanos) -> {
            if (outcome instanceof Outcome.Accepted a && a.record().id().startsWith("boom")) {
                final IllegalStateException e = a.record().id().equals("boom") ? injected
                        : new IllegalStateException((String) null);
                thrown.add(e);
                throw e;
            }
        };
        driver = new TopologyTestDriver(SftTopology.build(TOPICS, preprocessor, OutputFormat.JSON,
                listener, new StatsSettings("tokens-stats", Duration.ofSeconds(10))),
                StreamsConfigs.build("sftstream-test", "dummy:9092", 1, TOPICS.dlq(),
                Map.of()), Instant.ofEpochMilli(1_000));
        input = driver.createInputTopic(TOPICS.input(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(TOPICS.dlq(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> values(final Headers headers, final String name) {
        final List<String> values = new ArrayList<>();
        for (final Header h : headers.headers(name)) {
            values.add(h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String stackTrace(final Exception e) {
        final StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void shouldWriteKafkaStreamsExceptionHeadersOnAProcessingError() {
        final Headers in = new RecordHeaders().add("origin", utf8("app-7"))
                .add(SftHeaders.ERROR_EXCEPTION, utf8("stale.Exception"));
        final byte[] boom = utf8("{\"id\":\"boom\",\"prompt\":\"p\",\"response\":\"r\"}");
        input.pipeInput(new TestRecord<>(utf8("k"), boom, in, 9_000L));
        final TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertArrayEquals(boom, dead.value());
        assertEquals(List.of(injected), thrown);
        final Headers h = dead.headers();
        assertEquals(List.of("PROCESSING_ERROR"), values(h, SftHeaders.ERROR_REASON));
        assertEquals(List.of("java.lang.IllegalStateException: injected failure: tokenizer "
                + "state lost"), values(h, SftHeaders.ERROR_MESSAGE));
        assertEquals(List.of("java.lang.IllegalStateException"),
                values(h, SftHeaders.ERROR_EXCEPTION));
        assertEquals(List.of("injected failure: tokenizer state lost"),
                values(h, SftHeaders.ERROR_EXCEPTION_MESSAGE));
        final List<String> trace = values(h, SftHeaders.ERROR_STACKTRACE);
        assertEquals(List.of(stackTrace(injected)), trace);
        assertTrue(trace.get(0).startsWith("java.lang.IllegalStateException: injected failure: "
                + "tokenizer state lost" + System.lineSeparator() + "\tat "), trace.get(0));
        assertEquals(List.of("raw"), values(h, SftHeaders.ERROR_TOPIC));
        assertEquals(List.of("0"), values(h, SftHeaders.ERROR_PARTITION));
        assertEquals(List.of("0"), values(h, SftHeaders.ERROR_OFFSET));
        assertEquals(List.of("app-7"), values(h, "origin"));
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldWriteAMessageHeaderWithoutValueForAnExceptionWithoutMessage() {
        input.pipeInput(utf8("k"), utf8("{\"id\":\"boom-2\",\"prompt\":\"p\",\"response\":\"r\"}"));
        final Headers h = dlq.readRecord().headers();
        assertEquals(List.of("java.lang.IllegalStateException"),
                values(h, SftHeaders.ERROR_EXCEPTION));
        assertEquals(1, values(h, SftHeaders.ERROR_EXCEPTION_MESSAGE).size());
        assertNull(values(h, SftHeaders.ERROR_EXCEPTION_MESSAGE).get(0));
        assertEquals(List.of(stackTrace(thrown.get(0))), values(h, SftHeaders.ERROR_STACKTRACE));
    }

    @Test
    void shouldWriteNoExceptionHeadersForADataRejection() {
        final Headers in = new RecordHeaders()
                .add(SftHeaders.ERROR_EXCEPTION, utf8("stale.Exception"))
                .add(SftHeaders.ERROR_EXCEPTION_MESSAGE, utf8("stale"))
                .add(SftHeaders.ERROR_STACKTRACE, utf8("stale trace"));
        input.pipeInput(new TestRecord<>(utf8("k"), utf8("not json"), in, 5L));
        final Headers h = dlq.readRecord().headers();
        assertEquals(List.of("INVALID_JSON"), values(h, SftHeaders.ERROR_REASON));
        assertEquals(List.of(), values(h, SftHeaders.ERROR_EXCEPTION));
        assertEquals(List.of(), values(h, SftHeaders.ERROR_EXCEPTION_MESSAGE));
        assertEquals(List.of(), values(h, SftHeaders.ERROR_STACKTRACE));
        assertTrue(thrown.isEmpty());
    }
}
