package io.sftstream.it;

import io.sftstream.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sftstream run} in a separate JVM, so that a test can stop it with SIGTERM or kill it
 * with SIGKILL.
 */
final class ChildInstance implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ChildInstance(final Process process, final Path log, final long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * {@code run} with one thread, the app's own group settings, no metrics endpoint and the
     * given extra arguments; its output goes to {@code target/<name>.log} (replaced).
     */
    static ChildInstance launch(final String servers, final Topics topics, final String appId,
                                final String name, final List<String> extraArgs)
            throws IOException {
        return launch(servers, topics, appId, name, extraArgs, Map.of());
    }

    /** {@link #launch(String, Topics, String, String, List)} with extra environment variables. */
    static ChildInstance launch(final String servers, final Topics topics, final String appId,
                                final String name, final List<String> extraArgs,
                                final Map<String, String> env) throws IOException {
        final List<String> args = new ArrayList<>(List.of("run",
                "--bootstrap-servers", servers,
                "--input-topic", topics.input(), "--output-topic", topics.output(),
                "--dlq-topic", topics.dlq(), "--application-id", appId, "--threads", "1",
                "--max-tokens", Integer.toString(RealBrokerStreamingTest.MAX_TOKENS),
                "--max-record-bytes", Integer.toString(RealBrokerStreamingTest.MAX_RECORD_BYTES),
                "--stats-window", RealBrokerStreamingTest.WINDOW.toSeconds() + "s",
                "--metrics-port", "0"));
        args.addAll(extraArgs);
        return command(name, env, args);
    }

    /**
     * {@code sftstream <args>} in a new JVM with extra environment variables; its output goes to
     * {@code target/<name>.log} (replaced).
     */
    static ChildInstance command(final String name, final Map<String, String> env,
                                 final List<String> args) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "io.sftstream.app.Main"));
        command.addAll(args);
        final Path log = Path.of("target", name + ".log");
        final long started = System.nanoTime();
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new ChildInstance(builder.start(), log, started);
    }

    /** Waits for the exit; null when still running after {@code timeout}. */
    Integer awaitExit(final Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? process.exitValue() : null;
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
                .redirectOutput(log.toFile()).start(), log, System.nanoTime());
    }

    /**
     * Waits until the child's Streams instance reports RUNNING; returns the time from the
     * process start, or null on timeout or when the process ended first.
     */
    Duration awaitRunningSinceStart(final Duration timeout)
            throws IOException, InterruptedException {
        return awaitRunning(timeout) ? Duration.ofNanos(System.nanoTime() - startedNanos) : null;
    }

    /**
     * The time from Kafka Streams' start ({@code CREATED -> REBALANCING}) to its first
     * {@code -> RUNNING}, from the child's log timestamps; null when it has not got there.
     * This is the part a group's behaviour decides; the JVM start and the tokenizer load
     * before it depend on the machine.
     */
    Duration streamsStartToRunning() throws IOException {
        Instant created = null;
        for (final String line : output().split("\n")) {
            if (line.contains("state CREATED -> REBALANCING")) {
                created = timestamp(line);
            } else if (created != null && line.contains("-> RUNNING")) {
                return Duration.between(created, timestamp(line));
            }
        }
        return null;
    }

    private static Instant timestamp(final String line) {
        return OffsetDateTime.parse(line.substring(0, line.indexOf(' ')),
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant();
    }

    /** SIGTERM, as Kubernetes stops a pod; waits for the exit and returns its status. */
    int terminate(final Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return process.waitFor();
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The child's output so far. */
    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
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
