package io.sftstream.replay;

import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which dead letters a replay takes: those of the chosen reasons (all when none are chosen) whose
 * timestamp (the input record's, which the DLQ record keeps) is in {@code [since, until)}; of
 * those, a record already replayed {@code maxReplays} times is held back.
 *
 * @param reasons    reason codes to replay; empty for every reason
 * @param since      earliest timestamp, inclusive, or null
 * @param until      latest timestamp, exclusive, or null
 * @param maxReplays a record whose {@code sftstream.replay.count} is this or more is held back
 */
public record ReplaySelection(Set<String> reasons, Instant since, Instant until,
                              int maxReplays) {

    /** What happens to one dead letter. */
    public enum Verdict {
        /** Produced to the input topic again. */
        REPLAY,
        /** Of a chosen reason and time, but replayed {@code maxReplays} times already. */
        HELD_BACK,
        /** Not of a chosen reason or time. */
        NOT_SELECTED
    }

    public ReplaySelection {
        reasons = Set.copyOf(reasons);
    }

    /** The verdict for {@code record}. */
    public Verdict judge(final ConsumerRecord<byte[], byte[]> record) {
        final String reason = ReplayHeaders.reason(record.headers());
        if (!reasons.isEmpty() && (reason == null || !reasons.contains(reason))) {
            return Verdict.NOT_SELECTED;
        }
        if (since != null && record.timestamp() < since.toEpochMilli()
                || until != null && record.timestamp() >= until.toEpochMilli()) {
            return Verdict.NOT_SELECTED;
        }
        return ReplayHeaders.count(record.headers()) >= maxReplays ? Verdict.HELD_BACK
                : Verdict.REPLAY;
    }
}
