package io.sftstream.app;

import io.sftstream.serdes.Rejection;
import java.io.IOException;
import java.util.List;

/** Hands out a file's record values in order, a batch at a time, without decoding them. */
interface RecordReader {

    /**
     * One record value: its exact bytes, and the rejection the layout itself gives it (a JSON
     * array's trailing garbage or unclosed last element), or null when the preprocessing step
     * decides.
     */
    record Value(byte[] bytes, Rejection refused) {

        static Value of(final byte[] bytes) {
            return new Value(bytes, null);
        }
    }

    /** Up to {@code max} next record values; an empty list at the end of the input. */
    List<Value> next(int max) throws IOException;
}
