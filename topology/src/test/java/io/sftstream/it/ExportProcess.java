package io.sftstream.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code sftstream export} in a separate JVM, so that a test can kill it with SIGKILL. Its class
 * path is the test's without Hadoop (there only to compile), which the export must not need.
 */
final class ExportProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ExportProcess(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    static ExportProcess start(final String name, final String... args) throws IOException {
        final String classPath = Stream.of(System.getProperty("java.class.path")
                        .split(File.pathSeparator))
                .filter(entry -> !entry.contains("hadoop-common"))
                .collect(Collectors.joining(File.pathSeparator));
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "io.sftstream.app.Main", "export"));
        command.addAll(List.of(args));
        final Path log = Path.of("target", name + ".log");
        return new ExportProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start(), log);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL; returns the exit status (137 when it was still running). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** Waits for the exit status; -1 on timeout. */
    int await(final Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? process.exitValue() : -1;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
