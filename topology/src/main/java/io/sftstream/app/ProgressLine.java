package io.sftstream.app;

import java.io.PrintWriter;

/**
 * A progress line on stderr for long runs: rewritten in place on a terminal, one line every ten
 * seconds otherwise (so logs stay readable). Silent for runs shorter than two seconds.
 */
final class ProgressLine implements FileRunner.Progress {

    private static final long FIRST_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private boolean printed;

    ProgressLine(final PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(final RunStats stats) {
        final long now = System.nanoTime();
        final long every = terminal ? 500_000_000L : 10_000_000_000L;
        if (now - startNanos < FIRST_NANOS || now - lastNanos < every) {
            return;
        }
        lastNanos = now;
        printed = true;
        if (terminal) {
            err.print("\r" + stats.progressLine() + "   ");
            err.flush();
        } else {
            err.println(stats.progressLine());
        }
    }

    void finish() {
        if (printed && terminal) {
            err.println();
        }
    }
}
