package io.sftstream.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did: records replayed (or, in a dry run, to be replayed) by reason, records held
 * back at the replay limit by reason, and records not selected. Not thread-safe.
 */
public final class ReplaySummary {

    /** The reason shown for a dead letter without a reason header. */
    static final String NO_REASON = "(none)";

    private final Map<String, Long> replayed = new TreeMap<>();
    private final Map<String, Long> heldBack = new TreeMap<>();
    private long notSelected;

    void replayed(final String reason) {
        replayed.merge(reason == null ? NO_REASON : reason, 1L, Long::sum);
    }

    void heldBack(final String reason) {
        heldBack.merge(reason == null ? NO_REASON : reason, 1L, Long::sum);
    }

    void skipped() {
        notSelected++;
    }

    /** Replayed records by reason code. */
    public Map<String, Long> replayedByReason() {
        return Map.copyOf(replayed);
    }

    /** Records held back at the replay limit, by reason code. */
    public Map<String, Long> heldBackByReason() {
        return Map.copyOf(heldBack);
    }

    public long replayed() {
        return replayed.values().stream().mapToLong(Long::longValue).sum();
    }

    public long heldBack() {
        return heldBack.values().stream().mapToLong(Long::longValue).sum();
    }

    public long notSelected() {
        return notSelected;
    }

    /** {@code 2 (INVALID_JSON 1, TOO_LONG 1)}, or {@code 0}. */
    static String byReason(final long total, final Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return Long.toString(total);
        }
        final StringBuilder s = new StringBuilder().append(total).append(" (");
        counts.forEach((reason, n) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ")
                .append(reason).append(' ').append(n));
        return s.append(')').toString();
    }

    /** The one summary line a replay ends with. */
    public String line(final boolean dryRun, final String dlqTopic, final String toTopic,
                       final int maxReplays) {
        return (dryRun ? "Dry run: would replay " : "Replayed ")
                + byReason(replayed(), replayed) + " records from " + dlqTopic + " to " + toTopic
                + "; held back at --max-replays " + maxReplays + ": "
                + byReason(heldBack(), heldBack) + "; not selected: " + notSelected
                + (dryRun ? "; nothing produced, no offsets committed" : "");
    }
}
