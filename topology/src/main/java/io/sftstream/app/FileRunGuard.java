package io.sftstream.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a file run, normal or not. {@link #commit()} renames every output onto its target;
 * a shutdown (Ctrl-C, SIGTERM) before that deletes the temporary files instead, leaving each
 * target as it was, and prints how far the run got. The two are exclusive: whichever starts
 * first finishes, so an interrupted run never leaves one output renamed and the other not.
 * The JVM exits 130 after SIGINT (143 after SIGTERM) once the hook is done.
 */
final class FileRunGuard {

    private final PrintWriter err;
    private final List<OutputFile> outputs;
    private final Thread hook = new Thread(this::interrupt, "sftstream-file-interrupt");
    private volatile long read;
    private volatile long accepted;
    private volatile long rejected;
    private volatile boolean interrupted;
    private boolean committed;

    FileRunGuard(final PrintWriter err, final OutputFile... outputs) {
        this.err = err;
        this.outputs = List.of(outputs);
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException shuttingDown) {
            // the hook runs or ran; it owns the outputs now
        }
    }

    /** Told after each written batch. */
    void update(final RunStats stats) {
        accepted = stats.accepted();
        rejected = stats.rejectedTotal();
    }

    /** The reader, counting what it hands out. */
    RecordReader counting(final RecordReader reader) {
        return max -> {
            final List<RecordReader.Value> values = reader.next(max);
            read += values.size();
            return values;
        };
    }

    boolean interrupted() {
        return interrupted;
    }

    /**
     * Renames every output onto its target.
     *
     * @return false when the run was interrupted first (nothing is renamed)
     */
    synchronized boolean commit() throws IOException {
        if (interrupted) {
            return false;
        }
        for (final OutputFile output : outputs) {
            output.commit();
        }
        committed = true;
        return true;
    }

    /** After an interruption: waits for the JVM to exit (the hook prints the outcome). */
    void awaitExit() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    private synchronized void interrupt() {
        if (committed) {
            return;
        }
        interrupted = true;
        final List<String> deleted = new ArrayList<>();
        for (final OutputFile output : outputs) {
            output.abort();
            if (!output.isStandardOutput()) {
                deleted.add(output.toString());
            }
        }
        err.printf("sftstream: interrupted after %,d records read (%,d accepted, %,d rejected "
                + "so far)%s%n", read, accepted, rejected, deleted.isEmpty() ? ""
                : "; nothing was written to " + String.join(" or ", deleted)
                + " (the unfinished temporary files are deleted)");
        err.flush();
    }
}
