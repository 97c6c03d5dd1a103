package io.sftstream.topology;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;

/**
 * Where a processed record goes: the output topic with its training record, or the dead-letter
 * topic with its original value bytes (the rejection itself travels in the record headers). The
 * stats tally adds a third kind that is not an input record: the counts of one window.
 */
sealed interface Routed permits Routed.ToOutput, Routed.ToDlq, Routed.StatsPartial {

    /** An accepted record. */
    record ToOutput(TrainingRecord record) implements Routed {
    }

    /**
     * A rejected record; {@code originalValue} is exactly what was read (null for a tombstone),
     * {@code reason} is what its {@code sftstream.error.reason} header says.
     */
    record ToDlq(byte[] originalValue, Reason reason) implements Routed {
    }

    /** One task's counts of one stats window, on their way to the stats combiner. */
    record StatsPartial(StatsCounts counts) implements Routed {
    }
}
