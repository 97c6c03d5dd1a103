package io.sftstream.topology;

import io.sftstream.serdes.Reason;
import io.sftstream.tokenize.Outcome;

/** Told about every processed record (for metrics and statistics); must be thread-safe. */
@FunctionalInterface
public interface RecordListener {

    RecordListener NONE = (outcome, nanos) -> { };

    /** Called once per record with its outcome and the time the preprocessing step took. */
    void processed(Outcome outcome, long nanos);

    /**
     * Called when an exception handler sends a record to the DLQ (reason
     * {@code PROCESSING_ERROR}): an exception escaped the processing code, or the broker refused
     * the output record of a record that {@link #processed} already reported as accepted. May be
     * called on a producer I/O thread.
     */
    default void deadLettered(final Reason reason) {
    }
}
