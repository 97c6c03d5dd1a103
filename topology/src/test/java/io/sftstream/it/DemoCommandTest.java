package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.app.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void shouldRunTheDemoAndAccountForEveryRecord() throws IOException {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int metricsPort = freePort();
        final int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--port", "0", "--records", "400", "--threads", "1",
                "--metrics-port", Integer.toString(metricsPort));
        final String text = out.toString();
        assertEquals(0, status, text + err);
        assertTrue(text.contains("Metrics: http://127.0.0.1:" + metricsPort + "/metrics  "
                + "(health: /health/live, /health/ready)"), text);
        // In a test the program runs from classes: java -cp ... io.sftstream.app.Main
        final Matcher stats = Pattern.compile("(?m)^  \\S+ -cp \\S+ io\\.sftstream\\.app\\.Main "
                + "stats --bootstrap-servers 127\\.0\\.0\\.1:[0-9]+ --stats-topic "
                + "sft-tokens-stats --once$").matcher(text);
        assertTrue(stats.find(), text);
        assertTrue(text.contains("Every record is accounted for: outputs + dead letters = "
                + "inputs."), text);
        // 400 records, every 20th bad: 20 bad ones, two of each of the ten reasons.
        assertRow(text, "records", 400, 400);
        assertRow(text, "accepted", 380, 380);
        for (final String reason : new String[] {"EMPTY_RECORD", "RECORD_TOO_LARGE",
            "INVALID_JSON", "UNKNOWN_FORMAT", "MISSING_FIELD", "WRONG_TYPE", "EMPTY_TEXT",
            "BAD_CONVERSATION", "SPECIAL_TOKEN_IN_TEXT", "TOO_LONG"}) {
            assertRow(text, "rejected " + reason, 2, 2);
        }
        assertTrue(text.contains("<== end-of-turn (by id)"), text);
    }

    @Test
    void shouldRunTheDemoWithTheModelsOwnTemplateAndAgentConversations() throws IOException {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--template", "model", "--port", "0", "--records", "200", "--threads",
                "1", "--metrics-port", Integer.toString(freePort()));
        final String text = out.toString();
        assertEquals(0, status, text + err);
        final Matcher produced = Pattern.compile("Produced 200 sample records \\(10 of them bad "
                + "on purpose\\); of the good ones ([0-9]+) tool-use and ([0-9]+) reasoning "
                + "conversations").matcher(text);
        assertTrue(produced.find(), text);
        assertTrue(Integer.parseInt(produced.group(1)) > 0, text);
        assertTrue(Integer.parseInt(produced.group(2)) > 0, text);
        assertTrue(text.contains("Every record is accounted for: outputs + dead letters = "
                + "inputs."), text);
        assertRow(text, "accepted", 190, 190);
    }

    /** A port free right now (the demo's metrics port must not clash with anything else). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertRow(final String text, final String label, final int expected,
                                  final int got) {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label)
                + "\\s+([0-9,]+)\\s+([0-9,]+)$").matcher(text);
        assertTrue(m.find(), "no row " + label + " in\n" + text);
        assertEquals(expected, Integer.parseInt(m.group(1).replace(",", "")), label);
        assertEquals(got, Integer.parseInt(m.group(2).replace(",", "")), label);
    }

    /**
     * A second demo beside a first one: the first one's broker and metrics ports (19092, 9400)
     * are taken, so the second picks free ones; a metrics port the user gives that is taken
     * stops the demo before any broker starts.
     */
    @Test
    void shouldPickFreePortsBesideAnotherDemoAndRefuseATakenMetricsPort() throws IOException {
        try (ServerSocket broker = occupy(19092); ServerSocket metrics = occupy(9400)) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int status = Main.execute(new PrintWriter(out, true),
                    new PrintWriter(err, true), "demo", "--records", "200", "--threads", "1");
            final String text = out.toString();
            assertEquals(0, status, text + err);
            final Matcher started = Pattern.compile("Starting an in-process Kafka broker on "
                    + "127\\.0\\.0\\.1:([0-9]+) \\.\\.\\.").matcher(text);
            assertTrue(started.find(), text);
            assertTrue(Integer.parseInt(started.group(1)) != 19092, text);
            final Matcher metricsLine = Pattern.compile("Metrics: http://127\\.0\\.0\\.1:([0-9]+)"
                    + "/metrics").matcher(text);
            assertTrue(metricsLine.find(), text);
            assertTrue(Integer.parseInt(metricsLine.group(1)) != 9400, text);
            assertTrue(text.contains("Every record is accounted for"), text);

            final StringWriter out2 = new StringWriter();
            final StringWriter err2 = new StringWriter();
            final int refused = Main.execute(new PrintWriter(out2, true),
                    new PrintWriter(err2, true), "demo", "--records", "200",
                    "--metrics-port", "9400");
            assertEquals(Main.EXIT_USAGE, refused, out2.toString() + err2);
            assertEquals("sftstream: --metrics-port 9400 is in use by another program "
                    + "(another demo?); give a free port, or leave --metrics-port out to let "
                    + "the demo pick one", err2.toString().trim());
            assertEquals("", out2.toString());
        }
    }

    /** Holds the port like a running demo would; null when something else holds it already. */
    private static ServerSocket occupy(final int port) {
        try {
            return new ServerSocket(port);
        } catch (final IOException alreadyTaken) {
            return null;
        }
    }
}
