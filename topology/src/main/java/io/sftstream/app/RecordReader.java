package io.sftstream.app;

import java.io.IOException;
import java.util.List;

/** Hands out a file's record values in order, a batch at a time, without decoding them. */
interface RecordReader {

    /** Up to {@code max} next record values; an empty list at the end of the input. */
    List<byte[]> next(int max) throws IOException;
}
