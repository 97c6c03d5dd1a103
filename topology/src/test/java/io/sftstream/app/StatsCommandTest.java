package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.serdes.Reason;
import io.sftstream.topology.stats.StatsWindow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sftstream stats} against a real (in-process) broker with hand-made stats records. */
class StatsCommandTest {

    private static final String HEADER = "window start (UTC)    records  accepted  rejected"
            + "      rate   EMPTY   LARGE    JSON  FORMAT MISSING    TYPE    TEXT    CONV "
            + "SPECIAL    LONG   ERROR       tokens";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0);
        broker.createTopics(1, "st-stats", "st-follow");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static StatsWindow window(final String start, final long accepted,
                                      final Map<Reason, Long> rejected, final long tokens) {
        final Instant from = Instant.parse(start);
        return new StatsWindow(from, from.plusSeconds(60), accepted, rejected, tokens, 0, 0);
    }

    private static void publish(final String topic, final StatsWindow... windows) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                new StringSerializer(), new ByteArraySerializer())) {
            for (final StatsWindow w : windows) {
                producer.send(new ProducerRecord<>(topic, w.key(), w.toJson()));
            }
        }
    }

    @Test
    void shouldPrintTheLatestWindowsOnceAndMarkHighRejectionRates() {
        publish("st-stats",
                window("2026-05-04T10:14:00Z", 50, Map.of(), 900),
                window("2026-05-04T10:15:00Z", 97, Map.of(Reason.INVALID_JSON, 3L), 1_000),
                window("2026-05-04T10:16:00Z", 90, Map.of(Reason.TOO_LONG, 6L,
                        Reason.EMPTY_RECORD, 4L), 1_234_567));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "stats", "--bootstrap-servers", broker.bootstrapServers(), "--stats-topic",
                "st-stats", "--once", "--windows", "2");
        assertEquals(0, status, out + "" + err);
        assertEquals(String.join("\n",
                "reason columns: EMPTY=EMPTY_RECORD LARGE=RECORD_TOO_LARGE JSON=INVALID_JSON "
                        + "FORMAT=UNKNOWN_FORMAT MISSING=MISSING_FIELD TYPE=WRONG_TYPE "
                        + "TEXT=EMPTY_TEXT CONV=BAD_CONVERSATION SPECIAL=SPECIAL_TOKEN_IN_TEXT "
                        + "LONG=TOO_LONG ERROR=PROCESSING_ERROR",
                "rejection rate above 5.00% is marked with !",
                HEADER,
                "2026-05-04 10:15:00       100        97         3    3.00%        0       0"
                        + "       3       0       0       0       0       0       0       0"
                        + "       0         1000",
                "2026-05-04 10:16:00       100        90        10   10.00%!       4       0"
                        + "       0       0       0       0       0       0       0       6"
                        + "       0      1234567", ""), out.toString());
    }

    @Test
    void shouldFollowNewWindowsUntilWokenUp() throws Exception {
        final StringWriter out = new StringWriter();
        final PrintWriter writer = new PrintWriter(out, true);
        try (StatsReader reader = new StatsReader(broker.bootstrapServers(), Map.of(),
                "st-follow", writer)) {
            assertEquals(0, reader.readToEnd().size());
            final Thread follower = new Thread(() -> StatsCommand.followUntilWoken(reader,
                    new StatsTable(writer, 0.05, false)));
            follower.start();
            publish("st-follow", window("2026-05-04T11:00:00Z", 7, Map.of(), 70));
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (!out.toString().contains("2026-05-04 11:00:00")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            reader.wakeup();
            follower.join(10_000);
            assertTrue(!follower.isAlive(), "stopped after wakeup");
        }
        assertTrue(out.toString().startsWith("2026-05-04 11:00:00         7         7         0"
                + "    0.00% "), out.toString());
    }

    @Test
    void shouldRefuseAMissingStatsTopicWithASentence() {
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), "stats", "--bootstrap-servers",
                broker.bootstrapServers(), "--output-topic", "nothing", "--once");
        assertEquals(Main.EXIT_USAGE, status);
        assertEquals("sftstream: the stats topic 'nothing-stats' does not exist on "
                + broker.bootstrapServers() + "; give the app's --stats-topic (default "
                + "<output-topic>-stats), or start the app first\n", err.toString());
    }
}
