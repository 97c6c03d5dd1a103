package io.sftstream.topology;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.topology.stats.StatsCounts;
import io.sftstream.topology.stats.Tallied;
import java.util.Collections;
import java.util.List;

/**
 * Where a processed record goes: the output topic with its training record, or the dead-letter
 * topic with its original value bytes (the rejection itself travels in the record headers). The
 * stats tally adds a third kind that is not an input record: the counts of one window.
 *
 * <p>Each kind answers every extraction, with one value for its own branch and none for the
 * others, so the topology takes each branch by its type and a new kind does not compile until
 * it says where it goes.
 */
sealed interface Routed extends Tallied permits Routed.ToOutput, Routed.ToDlq,
        Routed.StatsPartial {

    /** The training record for the output topic: one, or none. */
    List<TrainingRecord> output();

    /** The original value for the dead-letter topic (null for a tombstone): one, or none. */
    List<byte[]> deadLetter();

    /** The counts of a stats window for the combiner: one, or none. */
    List<StatsCounts> statsPartial();

    /** An accepted record. */
    record ToOutput(TrainingRecord record) implements Routed {

        @Override
        public List<TrainingRecord> output() {
            return List.of(record);
        }

        @Override
        public List<byte[]> deadLetter() {
            return List.of();
        }

        @Override
        public List<StatsCounts> statsPartial() {
            return List.of();
        }

        @Override
        public void countInto(final StatsCounts counts) {
            counts.accept(record);
        }
    }

    /**
     * A rejected record; {@code originalValue} is exactly what was read (null for a tombstone),
     * {@code reason} is what its {@code sftstream.error.reason} header says.
     */
    record ToDlq(byte[] originalValue, Reason reason) implements Routed {

        @Override
        public List<TrainingRecord> output() {
            return List.of();
        }

        @Override
        public List<byte[]> deadLetter() {
            return Collections.singletonList(originalValue);
        }

        @Override
        public List<StatsCounts> statsPartial() {
            return List.of();
        }

        @Override
        public void countInto(final StatsCounts counts) {
            counts.reject(reason);
        }
    }

    /** One task's counts of one stats window, on their way to the stats combiner. */
    record StatsPartial(StatsCounts counts) implements Routed {

        @Override
        public List<TrainingRecord> output() {
            return List.of();
        }

        @Override
        public List<byte[]> deadLetter() {
            return List.of();
        }

        @Override
        public List<StatsCounts> statsPartial() {
            return List.of(counts);
        }

        /** Made by the tally after it counted; not an input record, never counted itself. */
        @Override
        public void countInto(final StatsCounts counts) {
        }
    }
}
