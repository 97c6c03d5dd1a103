package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sftstream.topology.stats.StatsSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --metrics-port}, {@code --stats-topic} and {@code --stats-window} of run and demo. */
class MonitoringOptionsTest {

    private static MonitoringSettings resolve(final Map<String, String> env,
                                              final String... args) {
        final RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(args);
        return command.run.resolve(env, false).monitoring();
    }

    @Test
    void shouldDefaultToPort9400AndOneMinuteWindowsOnTheOutputTopicsStatsTopic() {
        assertEquals(new MonitoringSettings(9400, new StatsSettings("sft-tokens-stats",
                Duration.ofSeconds(60))), resolve(Map.of()));
        assertEquals("train-stats", resolve(Map.of(), "--output-topic", "train")
                .stats().topic());
    }

    @Test
    void shouldTakeTheFlagOverTheEnvironment() {
        final Map<String, String> env = Map.of("SFTSTREAM_METRICS_PORT", "9500",
                "SFTSTREAM_STATS_TOPIC", "env-stats", "SFTSTREAM_STATS_WINDOW", "5m");
        assertEquals(new MonitoringSettings(9500, new StatsSettings("env-stats",
                Duration.ofMinutes(5))), resolve(env));
        assertEquals(new MonitoringSettings(0, new StatsSettings("flag-stats",
                Duration.ofSeconds(30))), resolve(env, "--metrics-port", "0", "--stats-topic",
                "flag-stats", "--stats-window", "30"));
        assertEquals(Duration.ofHours(1), resolve(Map.of(), "--stats-window", "1h").stats()
                .window());
        assertEquals(Duration.ofSeconds(90), resolve(Map.of(), "--stats-window", "90s")
                .stats().window());
    }

    @Test
    void shouldRefuseBadValuesWithASentence() {
        assertEquals("--metrics-port (SFTSTREAM_METRICS_PORT) has the value '70000', which is "
                + "out of range; allowed: a whole number from 0 to 65535",
                assertThrows(SettingsException.class, () -> resolve(Map.of(),
                        "--metrics-port", "70000")).getMessage());
        assertEquals("--stats-window (SFTSTREAM_STATS_WINDOW) has the value '0s', which is not "
                + "allowed; allowed: whole seconds from 1s to 24h, as seconds (60) or with a "
                + "unit (60s, 5m, 1h)", assertThrows(SettingsException.class,
                        () -> resolve(Map.of(), "--stats-window", "0s")).getMessage());
        assertEquals("--stats-window (SFTSTREAM_STATS_WINDOW) has the value '25h', which is not "
                + "allowed; allowed: whole seconds from 1s to 24h, as seconds (60) or with a "
                + "unit (60s, 5m, 1h)", assertThrows(SettingsException.class,
                        () -> resolve(Map.of("SFTSTREAM_STATS_WINDOW", "25h"))).getMessage());
        assertThrows(SettingsException.class, () -> resolve(Map.of(), "--stats-window", "1.5m"));
        assertEquals("--stats-topic (SFTSTREAM_STATS_TOPIC) has the value 'sft-dlq', which is "
                + "not allowed; allowed: a topic other than the input, output and DLQ topics",
                assertThrows(SettingsException.class, () -> resolve(Map.of(),
                        "--stats-topic", "sft-dlq")).getMessage());
    }
}
