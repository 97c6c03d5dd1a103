package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that cannot be reached, or a bad Kafka setting: one sentence, exit status 2. */
class BrokerCheckTest {

    /** The check's own bound plus a generous margin for a loaded machine. */
    private static final long BOUND_MILLIS = BrokerCheck.TIMEOUT.toMillis() + 10_000;

    private record Run(int status, String err, long millis) {
    }

    private static Run cli(final String... args) {
        final StringWriter err = new StringWriter();
        final long start = System.nanoTime();
        final int status = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), args);
        return new Run(status, err.toString().trim(), (System.nanoTime() - start) / 1_000_000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void assertSentence(final String expected, final Run run) {
        assertEquals(Main.EXIT_USAGE, run.status(), run.err());
        assertEquals(expected, run.err());
        assertTrue(run.millis() < BOUND_MILLIS, run.millis() + " ms");
    }

    @Test
    void shouldNameAnUnreachableBrokerForRunStatsAndDemo() throws IOException {
        final String servers = "127.0.0.1:" + freePort();
        final String sentence = "sftstream: cannot reach Kafka at " + servers + " (connection "
                + "refused) within 10 s; check --bootstrap-servers and that the brokers are up "
                + "and reachable from here";
        for (final List<String> command : List.of(List.of("run"), List.of("stats", "--once"),
                List.of("demo"))) {
            final List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--bootstrap-servers", servers));
            assertSentence(sentence, cli(args.toArray(String[]::new)));
        }
    }

    @Test
    void shouldNameAnUnknownHostForRunAndStats() {
        final String sentence = "sftstream: cannot resolve the Kafka host "
                + "'no-such-host.invalid' of the brokers 'no-such-host.invalid:9092'; check the "
                + "host name in --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS, --kafka "
                + "bootstrap.servers=...)";
        assertSentence(sentence, cli("run", "--bootstrap-servers", "no-such-host.invalid:9092"));
        assertSentence(sentence, cli("stats", "--kafka", "bootstrap.servers=no-such-host"
                + ".invalid:9092"));
    }

    @Test
    void shouldRefuseAMalformedBootstrapValue() {
        assertSentence("sftstream: --bootstrap-servers (SFTSTREAM_BOOTSTRAP_SERVERS) has the "
                + "value 'localhost', which is not allowed; allowed: host:port, comma-separated "
                + "(e.g. kafka-1:9092,kafka-2:9092)", cli("run", "--bootstrap-servers",
                "localhost"));
    }

    @Test
    void shouldRefuseAMissingKafkaConfigFileAndABadKafkaProperty(@TempDir final Path dir)
            throws IOException {
        final Run missing = cli("stats", "--bootstrap-servers", "127.0.0.1:9", "--kafka-config",
                dir.resolve("nope.properties").toString());
        assertEquals(Main.EXIT_USAGE, missing.status(), missing.err());
        assertTrue(missing.err().startsWith("sftstream: --kafka-config file '"
                + dir.resolve("nope.properties") + "'"), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
        try (ServerSocket listening = new ServerSocket(0)) {
            final Run bad = cli("run", "--bootstrap-servers", "127.0.0.1:"
                    + listening.getLocalPort(), "--kafka", "request.timeout.ms=soon");
            assertSentence("sftstream: the Kafka configuration is refused: Invalid value soon "
                    + "for configuration request.timeout.ms: Not a number of type INT; check "
                    + "--kafka, --kafka-config and the KAFKA_* variables", bad);
        }
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithVerbose() throws IOException {
        final String servers = "127.0.0.1:" + freePort();
        final Run quiet = cli("stats", "--bootstrap-servers", servers);
        assertEquals(1, quiet.err().lines().count(), quiet.err());
        final Run verbose = cli("stats", "--verbose", "--bootstrap-servers", servers);
        assertEquals(Main.EXIT_USAGE, verbose.status());
        assertTrue(verbose.err().contains("\tat io.sftstream.app.BrokerCheck.require"),
                verbose.err());
    }
}
