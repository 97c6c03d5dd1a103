package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
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
 * commas (or after a trailing comma) is an empty record. An element whose brackets do not
 * balance runs on to the next comma at the array's level, or to the end of the input. When the
 * input ends before the closing {@code ]}, the bytes after the last comma are the last element
 * and are refused ({@code INVALID_JSON}: the file is probably cut short), even when empty;
 * bytes other than whitespace after the closing {@code ]} are one more element, refused as
 * trailing garbage. An empty array has no records. One element is held in memory at a time.
 */
final class JsonArrayReader implements RecordReader {

    static final Rejection UNCLOSED = Rejection.of(Reason.INVALID_JSON, "the JSON array is not "
            + "closed: the input ends inside this element (is the file cut short?)");
    static final Rejection TRAILING = Rejection.of(Reason.INVALID_JSON, "bytes after the "
            + "closing ']' of the JSON array (trailing garbage)");

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
    public List<Value> next(final int max) throws IOException {
        final List<Value> out = new ArrayList<>(max);
        Value element;
        while (out.size() < max && (element = element()) != null) {
            out.add(element);
        }
        return out;
    }

    private Value element() throws IOException {
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
                return new Value(trim(element.toByteArray()), UNCLOSED);
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
                return Value.of(trim(element.toByteArray()));
            }
            element.write(b);
            pos++;
        }
    }

    /** After the closing bracket: null at the end, or everything else as one last element. */
    private Value trailing() throws IOException {
        finished = true;
        if (skipWhitespace() < 0) {
            return null;
        }
        final ByteArrayOutputStream rest = new ByteArrayOutputStream();
        while (pos < limit || fill()) {
            rest.write(buf, pos, limit - pos);
            pos = limit;
        }
        return new Value(trim(rest.toByteArray()), TRAILING);
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
