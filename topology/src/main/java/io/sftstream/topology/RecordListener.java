package io.sftstream.topology;

import io.sftstream.tokenize.Outcome;

/** Told about every processed record (for metrics and statistics); must be thread-safe. */
@FunctionalInterface
public interface RecordListener {

    RecordListener NONE = (outcome, nanos) -> { };

    /** Called once per record with its outcome and the time the preprocessing step took. */
    void processed(Outcome outcome, long nanos);
}
