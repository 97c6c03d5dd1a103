package io.sftstream.tokenize;

import java.util.Objects;

/**
 * A text encoded in one piece, with where each token came from: token {@code i} has id
 * {@code ids[i]} and covers the code points {@code [starts[i], ends[i])} of the text. Offsets
 * count Unicode code points (what Python's {@code str} indexes), not UTF-16 units or UTF-8
 * bytes: an emoji outside the BMP is one position. The arrays are shared, not copied; nobody
 * writes to them.
 */
public record EncodedText(int[] ids, int[] starts, int[] ends) {

    public EncodedText {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(ends, "ends");
        if (starts.length != ids.length || ends.length != ids.length) {
            throw new IllegalArgumentException("one start and one end per id");
        }
    }

    /** The number of tokens. */
    public int size() {
        return ids.length;
    }
}
