package io.sftstream.topology;

import io.sftstream.serdes.TrainingRecord;

/**
 * Where a processed record goes: the output topic with its training record, or the dead-letter
 * topic with its original value bytes (the rejection itself travels in the record headers).
 */
sealed interface Routed permits Routed.ToOutput, Routed.ToDlq {

    /** An accepted record. */
    record ToOutput(TrainingRecord record) implements Routed {
    }

    /** A rejected record; {@code originalValue} is exactly what was read (null for a tombstone). */
    record ToDlq(byte[] originalValue) implements Routed {
    }
}
