package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.topology.stats.StatsCounts;

/**
 * Counts of a file-mode run: the record counts of {@link StatsCounts} (the one tally the stats
 * flow also keeps), plus truncated records and the elapsed time. Not thread-safe.
 */
public final class RunStats {

    private final long startNanos = System.nanoTime();
    private final StatsCounts counts = new StatsCounts();
    private long truncated;

    void accept(final TrainingRecord record) {
        counts.accept(record);
        truncated += record.truncated() ? 1 : 0;
    }

    void reject(final Reason reason) {
        counts.reject(reason);
    }

    void add(final RunStats other) {
        counts.add(other.counts);
        truncated += other.truncated;
    }

    public long records() {
        return counts.records();
    }

    public long accepted() {
        return counts.accepted();
    }

    public long rejectedTotal() {
        return counts.rejectedTotal();
    }

    public long rejected(final Reason reason) {
        return counts.rejected(reason);
    }

    public long tokens() {
        return counts.tokens();
    }

    public long trainedTokens() {
        return counts.trainedTokens();
    }

    public long truncated() {
        return truncated;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public double recordsPerSecond() {
        final double s = elapsedSeconds();
        return s <= 0 ? 0 : records() / s;
    }

    /** One progress line. */
    public String progressLine() {
        return String.format("%,d records  %,d accepted  %,d rejected  %,.0f records/s  "
                + "%,.0f tokens/s", records(), accepted(), rejectedTotal(), recordsPerSecond(),
                tokens() / Math.max(elapsedSeconds(), 1e-9));
    }

    /** The end-of-run summary table. */
    public String summary() {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-24s %,14d%n", "records", records()));
        sb.append(String.format("%-24s %,14d%n", "accepted", accepted()));
        sb.append(String.format("%-24s %,14d%n", "  of which truncated", truncated));
        sb.append(String.format("%-24s %,14d%n", "rejected", rejectedTotal()));
        for (final Reason reason : Reason.values()) {
            if (rejected(reason) > 0) {
                sb.append(String.format("%-24s %,14d%n", "  " + reason.name(), rejected(reason)));
            }
        }
        sb.append(String.format("%-24s %,14d%n", "tokens", tokens()));
        sb.append(String.format("%-24s %,14d%n", "trained tokens", trainedTokens()));
        sb.append(String.format("%-24s %,14.1f%n", "seconds", elapsedSeconds()));
        sb.append(String.format("%-24s %,14.0f%n", "records/s", recordsPerSecond()));
        return sb.toString();
    }
}
