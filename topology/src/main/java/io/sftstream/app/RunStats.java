package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import java.util.EnumMap;
import java.util.Map;

/** Counts of a run: records, accepted, rejected per reason, tokens. Not thread-safe. */
public final class RunStats {

    private final long startNanos = System.nanoTime();
    private final EnumMap<Reason, Long> rejected = new EnumMap<>(Reason.class);
    private long accepted;
    private long tokens;
    private long trainedTokens;
    private long truncated;

    void accept(final TrainingRecord record) {
        accepted++;
        tokens += record.numTokens();
        trainedTokens += record.numTrainedTokens();
        truncated += record.truncated() ? 1 : 0;
    }

    void reject(final Reason reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    void add(final RunStats other) {
        accepted += other.accepted;
        tokens += other.tokens;
        trainedTokens += other.trainedTokens;
        truncated += other.truncated;
        other.rejected.forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    }

    public long records() {
        return accepted + rejectedTotal();
    }

    public long accepted() {
        return accepted;
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejected(final Reason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    public Map<Reason, Long> rejectedByReason() {
        return new EnumMap<>(rejected);
    }

    public long tokens() {
        return tokens;
    }

    public long trainedTokens() {
        return trainedTokens;
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
                + "%,.0f tokens/s", records(), accepted, rejectedTotal(), recordsPerSecond(),
                tokens / Math.max(elapsedSeconds(), 1e-9));
    }

    /** The end-of-run summary table. */
    public String summary() {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-24s %,14d%n", "records", records()));
        sb.append(String.format("%-24s %,14d%n", "accepted", accepted));
        sb.append(String.format("%-24s %,14d%n", "  of which truncated", truncated));
        sb.append(String.format("%-24s %,14d%n", "rejected", rejectedTotal()));
        for (final Reason reason : Reason.values()) {
            if (rejected(reason) > 0) {
                sb.append(String.format("%-24s %,14d%n", "  " + reason.name(), rejected(reason)));
            }
        }
        sb.append(String.format("%-24s %,14d%n", "tokens", tokens));
        sb.append(String.format("%-24s %,14d%n", "trained tokens", trainedTokens));
        sb.append(String.format("%-24s %,14.1f%n", "seconds", elapsedSeconds()));
        sb.append(String.format("%-24s %,14.0f%n", "records/s", recordsPerSecond()));
        return sb.toString();
    }
}
