package io.sftstream.tokenize;

import io.sftstream.serdes.TrainingRecord;

/**
 * The label rule of SPEC section 8: a token is trained when its character span in {@code R}
 * overlaps the span {@code [s_i, e_i)} of a trained assistant message, the rule transformers
 * applies to {@code {% generation %}} spans. Offsets are code points of {@code R}; tokens come
 * in text order, spans ascending and disjoint, so one pass over both suffices.
 */
final class SpanLabels {

    private SpanLabels() {
    }

    /**
     * For each token, the index of the span it overlaps (the first, when a token straddles two),
     * or -1.
     *
     * @param tokenStarts each token's first code point
     * @param tokenEnds   each token's end (exclusive)
     */
    static int[] spanOfToken(final int[] tokenStarts, final int[] tokenEnds,
                             final TrainedSpans.Spans spans) {
        final int[] starts = spans.starts();
        final int[] ends = spans.ends();
        final int[] owner = new int[tokenStarts.length];
        int k = 0;
        for (int t = 0; t < tokenStarts.length; t++) {
            final int a = tokenStarts[t];
            final int b = tokenEnds[t];
            while (k < starts.length && ends[k] <= a) {
                k++;
            }
            owner[t] = k < starts.length && a < ends[k] && starts[k] < b ? k : -1;
        }
        return owner;
    }

    /**
     * The labels: the id where the token's span is trained (or everywhere with
     * {@code trainOnPrompt}), {@code -100} elsewhere.
     *
     * @param length  how many tokens to label (the first {@code length} of {@code ids})
     * @param trained per span, whether its message is trained (weight, {@code --train-turns})
     */
    static int[] labels(final int[] ids, final int length, final int[] owner,
                        final boolean[] trained, final boolean trainOnPrompt) {
        final int[] labels = new int[length];
        for (int t = 0; t < length; t++) {
            final int span = owner[t];
            labels[t] = trainOnPrompt || span >= 0 && trained[span]
                    ? ids[t] : TrainingRecord.IGNORE_INDEX;
        }
        return labels;
    }
}
