package io.sftstream.it;

import io.sftstream.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code sftstream run} in a separate JVM, so that a test can kill it with SIGKILL. */
final class ChildInstance implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildInstance(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildInstance start(final String servers, final Topics topics, final String appId,
                               final int maxTokens, final int maxRecordBytes, final String name,
                               final String... extraArgs) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.sftstream.app.Main", "run",
                "--bootstrap-servers", servers,
                "--input-topic", topics.input(), "--output-topic", topics.output(),
                "--dlq-topic", topics.dlq(), "--application-id", appId, "--threads", "1",
                "--max-tokens", Integer.toString(maxTokens),
                "--max-record-bytes", Integer.toString(maxRecordBytes),
                "--kafka", "consumer.session.timeout.ms=6000",
                "--kafka", "consumer.heartbeat.interval.ms=1000", "--metrics-port", "0"));
        command.addAll(List.of(extraArgs));
        final Path log = Path.of("target", name + ".log");
        return new ChildInstance(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start(), log);
    }

    /** Waits until the child's Streams instance reports RUNNING; false on timeout. */
    boolean awaitRunning(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains("-> RUNNING")) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** SIGKILL, as a crashed host would; returns the exit status (137). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
