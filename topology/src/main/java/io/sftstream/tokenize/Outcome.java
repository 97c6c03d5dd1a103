package io.sftstream.tokenize;

import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;

/**
 * What the preprocessing step makes of one record: a training record, or a rejection for the
 * dead-letter topic. Errors are values here, not exceptions, so the topology can split on them.
 */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Rejected {

    /** A record that became training data. */
    record Accepted(TrainingRecord record) implements Outcome {
    }

    /** A record that goes to the dead-letter topic with its reason. */
    record Rejected(Rejection rejection) implements Outcome {
    }
}
