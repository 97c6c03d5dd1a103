package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.app.Main;
import io.sftstream.app.CommittedReader;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.serdes.SftHeaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sftstream replay} against a real broker: 1,000 dead letters of three reasons, two of
 * them chosen; a dry run first (nothing produced, nothing committed), then a replay in a separate
 * JVM killed with SIGKILL in the middle, then the same replay started again. Read back
 * {@code read_committed}, every selected record is in the input topic exactly once, with the
 * headers SPEC section 10 names, and records at the replay limit are held back.
 */
class ReplayIntegrationTest {

    private static final String DLQ = "replay-dlq";
    private static final String INPUT = "replay-raw";
    private static final String GROUP = "replay-it";
    private static final int RECORDS = 1_000;
    /** Recent timestamps: the broker's 7-day retention would delete older records. */
    private static final long BASE_TIME = System.currentTimeMillis() - 2L * RECORDS * 1_000L;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0);
        broker.createTopics(3, DLQ, INPUT);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String reason(final int i) {
        return i % 20 < 8 ? "INVALID_JSON" : i % 20 < 15 ? "TOO_LONG" : "EMPTY_TEXT";
    }

    /** The replay count dead letter {@code i} carries: 3 (at the limit), 1, or none. */
    private static Integer count(final int i) {
        return i % 25 == 0 ? Integer.valueOf(3) : i % 25 == 1 ? Integer.valueOf(1) : null;
    }

    private static boolean selected(final int i) {
        return !reason(i).equals("EMPTY_TEXT");
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until every partition of the test topics has a leader (topic creation races). */
    private static void awaitLeaders() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                final boolean ready = admin.describeTopics(List.of(DLQ, INPUT)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().size() == 3 && d.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready || System.nanoTime() > deadline) {
                    assertTrue(ready, "no leaders for " + DLQ + " and " + INPUT);
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void produceDeadLetters() throws Exception {
        awaitLeaders();
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                final Headers h = new RecordHeaders();
                h.add("source", utf8("producer-a"));
                h.add(SftHeaders.ERROR_REASON, utf8(reason(i)));
                h.add(SftHeaders.ERROR_MESSAGE, utf8("record " + i + " was rejected"));
                h.add(SftHeaders.ERROR_TOPIC, utf8(INPUT));
                h.add(SftHeaders.ERROR_PARTITION, utf8(Integer.toString(i % 3)));
                h.add(SftHeaders.ERROR_OFFSET, utf8(Integer.toString(i / 3)));
                if (i % 7 == 0) {
                    h.add(SftHeaders.ERROR_EXCEPTION, utf8("java.lang.IllegalStateException"));
                    h.add(SftHeaders.ERROR_STACKTRACE, utf8("java.lang.IllegalStateException\n"
                            + "\tat x.y(Z.java:1)\n"));
                }
                h.add("trace-id", utf8("t-" + i));
                if (count(i) != null) {
                    h.add("sftstream.replay.count", utf8(Integer.toString(count(i))));
                }
                sent.add(producer.send(new ProducerRecord<>(DLQ, null, BASE_TIME + i * 1_000L,
                        utf8("k-" + i), utf8("{\"n\":" + i + "}"), h)));
            }
            producer.flush();
        }
        for (final Future<RecordMetadata> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(RECORDS, endOffsetsSum(DLQ), "dead letters written for the test");
    }

    /** One in-process command line: exit status, output and errors. */
    private record Run(int status, String out, String err) {
    }

    private static Run replay(final String... extra) {
        final List<String> args = new ArrayList<>(List.of("--dlq-topic", DLQ, "--to-topic",
                INPUT));
        args.addAll(List.of(extra));
        return execute(args);
    }

    private static Run execute(final List<String> replayArgs) {
        final List<String> args = new ArrayList<>(List.of("replay", "--bootstrap-servers",
                broker.bootstrapServers()));
        args.addAll(replayArgs);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(new String[0]));
        return new Run(status, out.toString(), err.toString());
    }

    private static Process child(final Path log, final String... extra) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sftstream.app.Main", "replay",
                "--bootstrap-servers", broker.bootstrapServers(), "--dlq-topic", DLQ,
                "--to-topic", INPUT));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    private static long endOffsetsSum(final String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            final Map<TopicPartition, OffsetSpec> latest =
                    new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p),
                        OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset()).sum();
        }
    }

    private static Map<TopicPartition, ?> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code 2 (A 1, B 1)}: counts by reason of the records {@code which} accepts. */
    private static String byReason(final IntPredicate which) {
        final Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (int i = 0; i < RECORDS; i++) {
            if (which.test(i)) {
                counts.merge(reason(i), 1, Integer::sum);
                total++;
            }
        }
        final List<String> parts = new ArrayList<>();
        counts.forEach((r, n) -> parts.add(r + " " + n));
        return total + " (" + String.join(", ", parts) + ")";
    }

    private static List<String> headerList(final Headers headers) {
        final List<String> list = new ArrayList<>();
        for (final Header h : headers) {
            list.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return list;
    }

    @Test
    void shouldReplayTheChosenReasonsExactlyOnceAcrossAKill() throws Exception {
        produceDeadLetters();
        final String replayed = byReason(i -> selected(i) && !Integer.valueOf(3).equals(count(i)));
        final String heldBack = byReason(i -> selected(i) && Integer.valueOf(3).equals(count(i)));
        final int expected = Integer.parseInt(replayed.substring(0, replayed.indexOf(' ')));
        assertEquals("720 (INVALID_JSON 380, TOO_LONG 340)", replayed);
        assertEquals("30 (INVALID_JSON 20, TOO_LONG 10)", heldBack);

        // A dry run counts and lists, and produces and commits nothing.
        final Run dry = replay("--reason", "INVALID_JSON", "--reason", "TOO_LONG", "--group",
                GROUP, "--dry-run");
        assertEquals(0, dry.status, dry.err);
        assertTrue(dry.out.endsWith("Dry run: would replay " + replayed + " records from " + DLQ
                + " to " + INPUT + "; held back at --max-replays 3: " + heldBack
                + "; not selected: 250; nothing produced, no offsets committed"
                + System.lineSeparator()), dry.out);
        assertEquals(30, dry.out.lines().filter(l -> l.startsWith("held back (replayed 3 times): "
                + DLQ + "-")).count(), dry.out);
        assertEquals(0, endOffsetsSum(INPUT));
        assertEquals(Map.of(), committedOffsets());

        // One transaction per record, killed with SIGKILL part-way.
        final Path log = Path.of("target", "replay-child.log");
        final Process first = child(log, "--reason", "INVALID_JSON", "--reason", "TOO_LONG",
                "--group", GROUP, "--batch-size", "1");
        final int seenAtKill;
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(), INPUT)) {
            seenAtKill = reader.pollUntil(60, Duration.ofSeconds(90)).size();
            first.destroyForcibly();
            assertEquals(137, first.waitFor());
        }
        final String firstLog = Files.readString(log);
        assertTrue(seenAtKill >= 60 && seenAtKill < expected, seenAtKill + " at kill; " + firstLog);
        assertFalse(firstLog.contains("Replayed "), firstLog);

        // Started again: it goes on from the committed offsets.
        final Run second = replay("--reason", "INVALID_JSON", "--reason", "TOO_LONG", "--group",
                GROUP);
        assertEquals(0, second.status, second.err);
        final String summary = second.out.lines().reduce((a, b) -> b).orElse("");
        assertTrue(summary.startsWith("Replayed ") && summary.contains(" records from " + DLQ
                + " to " + INPUT + "; held back at --max-replays 3: "), second.out);

        final List<ConsumerRecord<byte[], byte[]>> records;
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(), INPUT)) {
            reader.pollUntil(expected, Duration.ofSeconds(60));
            records = reader.drain(Duration.ofSeconds(2));
        }
        assertEquals(expected, records.size());
        final Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            byKey.put(new String(r.key(), StandardCharsets.UTF_8), r);
        }
        assertEquals(expected, byKey.size(), "a record was produced twice");
        for (int i = 0; i < RECORDS; i++) {
            final ConsumerRecord<byte[], byte[]> r = byKey.get("k-" + i);
            if (!selected(i) || Integer.valueOf(3).equals(count(i))) {
                assertEquals(null, r, "k-" + i);
                continue;
            }
            assertTrue(r != null, "k-" + i + " missing");
            assertEquals("{\"n\":" + i + "}", new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(BASE_TIME + i * 1_000L, r.timestamp());
            assertEquals(List.of("source=producer-a", "trace-id=t-" + i,
                    "sftstream.replay.count=" + (count(i) == null ? 1 : count(i) + 1)),
                    headerList(r.headers()), "k-" + i);
        }
        // Everything is consumed: a third run replays nothing.
        final Run third = replay("--reason", "INVALID_JSON", "--group", GROUP);
        assertEquals(0, third.status, third.err);
        assertTrue(third.out.endsWith("Replayed 0 records from " + DLQ + " to " + INPUT
                + "; held back at --max-replays 3: 0; not selected: 0"
                + System.lineSeparator()), third.out);
    }

    @Test
    void shouldRefuseAMissingTopicInOneSentence() {
        final Run missing = execute(List.of("--dlq-topic", "no-such-dlq"));
        assertEquals(2, missing.status);
        assertEquals("sftstream: the DLQ topic 'no-such-dlq' (--dlq-topic) does not exist on "
                + broker.bootstrapServers() + "; give the app's --dlq-topic"
                + System.lineSeparator(), missing.err);
        final Run badReason = replay("--reason", "TOO_SHORT");
        assertEquals(2, badReason.status);
        assertTrue(badReason.err.startsWith("sftstream: --reason has the value 'TOO_SHORT', "
                + "which is not allowed; allowed: EMPTY_RECORD, "), badReason.err);
        assertEquals(1, badReason.err.lines().count());
    }
}
