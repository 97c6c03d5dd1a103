package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sftstream.replay.ReplaySettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Replay settings: flags over the environment, times, and one-sentence refusals. */
class ReplayCommandTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static ReplaySettings resolve(final Map<String, String> env, final String... args) {
        final ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(args);
        return command.resolve(env, NOW);
    }

    private static String refusal(final String... args) {
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), args);
        assertEquals(2, status, err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        return err.toString().trim();
    }

    @Test
    void shouldResolveFlagsEnvironmentAndTimes() {
        final ReplaySettings s = resolve(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                        "SFTSTREAM_DLQ_TOPIC", "dead", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "SFTSTREAM_METRICS_PORT", "tcp://10.0.0.1:9400"),
                "--reason", "TOO_LONG", "--reason", "INVALID_JSON", "--since", "90m",
                "--until", "2026-12-01T09:59:00+01:00");
        assertEquals("k:9092", s.bootstrapServers());
        assertEquals("dead", s.dlqTopic());
        assertEquals("sft-raw", s.toTopic());
        assertEquals("sftstream-replay", s.group());
        assertEquals("SASL_SSL", s.kafka().get("security.protocol"));
        assertEquals(Set.of("TOO_LONG", "INVALID_JSON"), s.selection().reasons());
        assertEquals(Instant.parse("2026-12-01T08:30:00Z"), s.selection().since());
        assertEquals(Instant.parse("2026-12-01T08:59:00Z"), s.selection().until());
        assertEquals(3, s.selection().maxReplays());
        assertEquals(Instant.parse("2026-11-30T10:00:00Z"), resolve(Map.of(),
                "--bootstrap-servers", "x:1", "--since", "1d").selection().since());
        assertEquals(Instant.parse("2026-12-01T08:30:00Z"), resolve(Map.of(),
                "--bootstrap-servers", "x:1", "--since", "PT1H30M").selection().since());
    }

    @Test
    void shouldRefuseMistakesInOneSentence() {
        assertEquals("sftstream: --since has the value 'yesterday', which is not allowed; "
                + "allowed: " + TimeBound.ALLOWED, refusal("replay", "--bootstrap-servers",
                "x:1", "--since", "yesterday"));
        assertEquals("sftstream: --max-replays has the value '0', which is not allowed; "
                + "allowed: a whole number from 1", refusal("replay", "--bootstrap-servers",
                "x:1", "--max-replays", "0"));
        assertEquals("sftstream: --since (2026-12-01T09:00:00Z) is not before --until "
                + "(2026-12-01T08:00:00Z); no record could be replayed", refusal("replay",
                "--bootstrap-servers", "x:1", "--since", "2026-12-01T09:00:00Z", "--until",
                "2026-12-01T08:00:00Z"));
        assertEquals("sftstream: --to-topic has the value 'sft-dlq', which is not allowed; "
                + "allowed: a topic other than the DLQ topic", refusal("replay",
                "--bootstrap-servers", "x:1", "--to-topic", "sft-dlq"));
    }
}
