package io.sftstream.serdes;

import java.util.Arrays;
import java.util.Objects;

/**
 * A training-ready record. {@code attention_mask} is all ones and {@code num_tokens} is the length
 * of {@code input_ids}, so both are derived rather than stored.
 *
 * <p>The arrays are owned by the record once it is built; callers must not change them.
 *
 * @param id               the record id (the record's own, or {@code <topic>-<partition>-<offset>})
 * @param inputIds         the token ids
 * @param labels           {@code -100} at masked positions, the token id where trained
 * @param numTrainedTokens how many labels are not {@code -100}
 * @param truncated        whether the last response was cut to fit {@code max.tokens}
 */
public record TrainingRecord(String id, int[] inputIds, int[] labels, int numTrainedTokens,
                             boolean truncated) {

    /** The label value of a position that is not trained on. */
    public static final int IGNORE_INDEX = -100;

    public TrainingRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(labels, "labels");
        if (inputIds.length != labels.length) {
            throw new IllegalArgumentException("input_ids has " + inputIds.length
                    + " positions but labels has " + labels.length);
        }
    }

    public int numTokens() {
        return inputIds.length;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof TrainingRecord other
                && id.equals(other.id)
                && Arrays.equals(inputIds, other.inputIds)
                && Arrays.equals(labels, other.labels)
                && numTrainedTokens == other.numTrainedTokens
                && truncated == other.truncated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(inputIds), Arrays.hashCode(labels),
                numTrainedTokens, truncated);
    }

    @Override
    public String toString() {
        return "TrainingRecord[id=" + id + ", inputIds=" + Arrays.toString(inputIds)
                + ", labels=" + Arrays.toString(labels) + ", numTrainedTokens="
                + numTrainedTokens + ", truncated=" + truncated + "]";
    }
}
