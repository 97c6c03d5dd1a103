package io.sftstream.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the elements of one top-level JSON array ({@code [{...}, {...}]}, the layout of
 * Alpaca's and LLaMA-Factory's {@code .json} files) as record values, without loading the file:
 * each element's exact bytes, leading and trailing whitespace removed, are handed on one at a
 * time, and the preprocessing step parses them like any record value.
 *
 * <p>Elements are delimited by the commas at the array's own level, outside strings, so a bad
 * element (invalid JSON, a value that is not an object) is one record that ends in the
 * dead-letter file, and the elements after it are still read. An empty element between two
 * commas is an empty record. When the array is not closed, the bytes after the last comma are
 * the last element; bytes other than whitespace after the closing {@code ]} are one more
 * element (trailing garbage, {@code INVALID_JSON}). An empty array has no records.
 */
final class JsonArrayReader implements RecordReader {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private boolean closed;
    private boolean finished;

    JsonArrayReader(final InputStream in) {
        this.in = in;
    }

    @Override
    public List<byte[]> next(final int max) throws IOException {
        final List<byte[]> out = new ArrayList<>(max);
        byte[] element;
        while (out.size() < max && (element = element()) != null) {
            out.add(element);
        }
        return out;
    }

    private byte[] element() throws IOException {
        if (finished) {
            return null;
        }
        if (!started) {
            started = true;
            final int first = skipWhitespace();
            if (first != '[') {
                throw new IllegalStateException("the input does not start with '['");
            }
            pos++;
            if (skipWhitespace() == ']') {
                pos++;
                closed = true;
                return trailing();
            }
        }
        if (closed) {
            return trailing();
        }
        final ByteArrayOutputStream element = new ByteArrayOutputStream(1024);
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        while (true) {
            if (pos == limit && !fill()) {
                finished = true;
                return trim(element.toByteArray());
            }
            final byte b = buf[pos];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && depth > 0) {
                depth--;
            } else if (depth == 0 && (b == ',' || b == ']')) {
                pos++;
                if (b == ']') {
                    closed = true;
                }
                return trim(element.toByteArray());
            }
            element.write(b);
            pos++;
        }
    }

    /** After the closing bracket: null at the end, or everything else as one last element. */
    private byte[] trailing() throws IOException {
        finished = true;
        if (skipWhitespace() < 0) {
            return null;
        }
        final ByteArrayOutputStream rest = new ByteArrayOutputStream();
        while (pos < limit || fill()) {
            rest.write(buf, pos, limit - pos);
            pos = limit;
        }
        return trim(rest.toByteArray());
    }

    /** Skips JSON whitespace; returns the next byte without consuming it, or -1 at the end. */
    private int skipWhitespace() throws IOException {
        while (pos < limit || fill()) {
            final byte b = buf[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b;
            }
            pos++;
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        pos = 0;
        if (n < 0) {
            eof = true;
            limit = 0;
            return false;
        }
        limit = n;
        return true;
    }

    private static byte[] trim(final byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && isSpace(bytes[from])) {
            from++;
        }
        while (to > from && isSpace(bytes[to - 1])) {
            to--;
        }
        return from == 0 && to == bytes.length ? bytes : Arrays.copyOfRange(bytes, from, to);
    }

    private static boolean isSpace(final byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
