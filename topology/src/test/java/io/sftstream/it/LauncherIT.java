package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sftstream} runs the built jar as the README prints it. Runs in the
 * {@code integration-test} phase, after {@code package} has built {@code sftstream.jar}.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private record Result(int status, String out) {
    }

    private static Result launch(final String... args) throws IOException, InterruptedException {
        final String[] command = new String[args.length + 1];
        command[0] = "bin/sftstream";
        System.arraycopy(args, 0, command, 1, args.length);
        final Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Result(process.exitValue(), out);
    }

    @Test
    void shouldRunTheStatsCommandThroughTheLauncher() throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(ROOT.resolve("bin/sftstream")));
        assertTrue(Files.isRegularFile(ROOT.resolve("topology/target/sftstream.jar")));
        final Result help = launch("stats", "--help");
        assertEquals(0, help.status(), help.out());
        assertTrue(help.out().startsWith("Usage: sftstream stats "), help.out());
        assertTrue(help.out().contains("--once"), help.out());
    }

    @Test
    void shouldListEveryCommandInTheTopLevelHelp() throws IOException, InterruptedException {
        final Result help = launch("--help");
        assertEquals(0, help.status(), help.out());
        for (final String command : new String[] {"run", "demo", "file", "explain", "stats"}) {
            assertTrue(help.out().contains("\n  " + command + " "), command + ": " + help.out());
        }
    }
}
