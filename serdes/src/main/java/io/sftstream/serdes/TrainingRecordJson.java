package io.sftstream.serdes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON form of a {@link TrainingRecord}, exactly as the contract shows it, keys in this order
 * and no white space:
 *
 * <pre>{"id":"a-17","input_ids":[...],"labels":[...],"attention_mask":[...],"num_tokens":57,
 * "num_trained_tokens":19,"truncated":false}</pre>
 *
 * <p>Writing goes straight from the {@code int[]} arrays to UTF-8 bytes, without boxing. Reading
 * accepts the keys in any order and checks that the arrays agree. Thread-safe.
 */
public final class TrainingRecordJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] INPUT_IDS = ascii(",\"input_ids\":[");
    private static final byte[] LABELS = ascii("],\"labels\":[");
    private static final byte[] MASK = ascii("],\"attention_mask\":[");
    private static final byte[] NUM_TOKENS = ascii("],\"num_tokens\":");
    private static final byte[] NUM_TRAINED = ascii(",\"num_trained_tokens\":");
    private static final byte[] TRUNCATED_TRUE = ascii(",\"truncated\":true}");
    private static final byte[] TRUNCATED_FALSE = ascii(",\"truncated\":false}");
    private static final byte[] MIN_INT = ascii(Integer.toString(Integer.MIN_VALUE));
    /** "1,1,...,1," of even length: the attention mask is copied from it in chunks. */
    private static final byte[] ONES = ascii("1,".repeat(1024));
    /** "-100," packed like {@link IdText}. */
    private static final long IGNORED = pack("-100,");
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The tens and ones digit of 0..99. */
    private static final byte[] TENS_DIGIT = new byte[100];
    private static final byte[] ONES_DIGIT = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS_DIGIT[i] = (byte) ('0' + i / 10);
            ONES_DIGIT[i] = (byte) ('0' + i % 10);
        }
    }

    private TrainingRecordJson() {
    }

    /**
     * The record as UTF-8 JSON bytes. The exact size is worked out first, so the bytes are
     * written once into an array of that size: no growing, no trailing copy. Token ids below
     * {@value IdText#SIZE} (every vocabulary in use) are copied from a table of their decimal
     * text, eight bytes at a time.
     */
    public static byte[] write(final TrainingRecord record) {
        final int[] ids = record.inputIds();
        final int[] labels = record.labels();
        final int n = ids.length;
        final byte[] id = jsonString(record.id());
        final byte[] truncated = record.truncated() ? TRUNCATED_TRUE : TRUNCATED_FALSE;
        final int size = ID.length + id.length + INPUT_IDS.length + listLength(ids)
                + LABELS.length + listLength(labels) + MASK.length + (n == 0 ? 0 : 2 * n - 1)
                + NUM_TOKENS.length + length(n) + NUM_TRAINED.length
                + length(record.numTrainedTokens()) + truncated.length;
        final byte[] out = new byte[size];
        int pos = put(out, 0, ID);
        pos = put(out, pos, id);
        pos = put(out, pos, INPUT_IDS);
        pos = putList(out, pos, ids);
        pos = put(out, pos, LABELS);
        pos = putList(out, pos, labels);
        pos = put(out, pos, MASK);
        // "1,1,...,1": whole chunks of the even-length ONES pattern, then the rest of it.
        for (int left = n == 0 ? 0 : 2 * n - 1; left > 0; ) {
            final int chunk = Math.min(left, ONES.length);
            System.arraycopy(ONES, 0, out, pos, chunk);
            pos += chunk;
            left -= chunk;
        }
        pos = put(out, pos, NUM_TOKENS);
        pos = putInt(out, pos, n);
        pos = put(out, pos, NUM_TRAINED);
        pos = putInt(out, pos, record.numTrainedTokens());
        pos = put(out, pos, truncated);
        if (pos != size) {
            throw new IllegalStateException("training record JSON is " + pos
                    + " bytes, expected " + size);
        }
        return out;
    }

    private static byte[] jsonString(final String text) {
        final ByteSink sink = new ByteSink(text.length() * 3 + 2);
        writeString(sink, text);
        return sink.toByteArray();
    }

    private static int put(final byte[] out, final int pos, final byte[] bytes) {
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        return pos + bytes.length;
    }

    /** Characters of the values written with commas between them. */
    private static int listLength(final int[] values) {
        int total = Math.max(0, values.length - 1);
        final byte[] lengths = IdText.LENGTH;
        for (final int value : values) {
            total += value >= 0 && value < IdText.SIZE ? lengths[value] - 1 : length(value);
        }
        return total;
    }

    /** Characters of the decimal form of {@code value}. */
    static int length(final int value) {
        if (value >= 0) {
            return digits(value);
        }
        return value == Integer.MIN_VALUE ? 11 : 1 + digits(-value);
    }

    private static int digits(final int v) {
        if (v < 100_000) {
            return v < 10 ? 1 : v < 100 ? 2 : v < 1_000 ? 3 : v < 10_000 ? 4 : 5;
        }
        return v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8
                : v < 1_000_000_000 ? 9 : 10;
    }

    /**
     * Writes the values with a comma after each and returns the position of the last comma
     * (where the caller's closing bracket goes). The eight-byte stores may write past that
     * comma; whatever the record writes next (at least the 20 bytes of the next key) covers it.
     */
    private static int putList(final byte[] out, final int start, final int[] values) {
        if (values.length == 0) {
            return start;
        }
        int pos = start;
        final long[] packed = IdText.PACKED;
        final byte[] lengths = IdText.LENGTH;
        for (final int value : values) {
            if (value >= 0 && value < IdText.SIZE) {
                LONGS.set(out, pos, packed[value]);
                pos += lengths[value];
            } else if (value == TrainingRecord.IGNORE_INDEX) {
                LONGS.set(out, pos, IGNORED);
                pos += 5;
            } else {
                pos = putInt(out, pos, value);
                out[pos++] = ',';
            }
        }
        return pos - 1;
    }

    /** Writes the decimal form of {@code value} at {@code pos}; returns the position after it. */
    static int putInt(final byte[] out, final int pos, final int value) {
        if (value < 0) {
            if (value == Integer.MIN_VALUE) {
                return put(out, pos, MIN_INT);
            }
            out[pos] = '-';
            return putInt(out, pos + 1, -value);
        }
        final int end = pos + digits(value);
        int p = end;
        int v = value;
        while (v >= 100) {
            final int q = v / 100;
            final int r = v - q * 100;
            v = q;
            out[--p] = ONES_DIGIT[r];
            out[--p] = TENS_DIGIT[r];
        }
        if (v >= 10) {
            out[--p] = ONES_DIGIT[v];
            out[--p] = TENS_DIGIT[v];
        } else {
            out[--p] = (byte) ('0' + v);
        }
        return end;
    }

    /** Packs up to eight ASCII bytes little-endian, as {@link #LONGS} stores them. */
    private static long pack(final String text) {
        long packed = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            packed = packed << 8 | text.charAt(i);
        }
        return packed;
    }

    /**
     * The decimal text of 0..SIZE-1 followed by a comma, packed into a long, and its length
     * (comma included): 2.3 MB, built on the first write.
     */
    private static final class IdText {
        static final int SIZE = 1 << 18;
        static final long[] PACKED = new long[SIZE];
        static final byte[] LENGTH = new byte[SIZE];

        static {
            for (int v = 0; v < SIZE; v++) {
                final String text = v + ",";
                PACKED[v] = pack(text);
                LENGTH[v] = (byte) text.length();
            }
        }

        private IdText() {
        }
    }

    /** Reads a record written by {@link #write}; throws {@link IllegalArgumentException}. */
    public static TrainingRecord read(final byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a training record must be a JSON object");
            }
            String id = null;
            int[] inputIds = null;
            int[] labels = null;
            int[] mask = null;
            int numTokens = -1;
            int numTrained = -1;
            boolean truncated = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "id" -> id = parser.getText();
                    case "input_ids" -> inputIds = readInts(parser);
                    case "labels" -> labels = readInts(parser);
                    case "attention_mask" -> mask = readInts(parser);
                    case "num_tokens" -> numTokens = parser.getIntValue();
                    case "num_trained_tokens" -> numTrained = parser.getIntValue();
                    case "truncated" -> truncated = parser.getBooleanValue();
                    default -> parser.skipChildren();
                }
            }
            if (id == null || inputIds == null || labels == null) {
                throw new IllegalArgumentException("a training record needs id, input_ids and "
                        + "labels");
            }
            if (mask != null && mask.length != inputIds.length || numTokens >= 0
                    && numTokens != inputIds.length) {
                throw new IllegalArgumentException("attention_mask/num_tokens disagree with "
                        + "input_ids in record " + id);
            }
            final int trained = numTrained >= 0 ? numTrained
                    : (int) Arrays.stream(labels).filter(l -> l != TrainingRecord.IGNORE_INDEX)
                            .count();
            return new TrainingRecord(id, inputIds, labels, trained, truncated);
        } catch (final IOException e) {
            throw new IllegalArgumentException("not a training record: " + e.getMessage(), e);
        }
    }

    private static int[] readInts(final JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("expected an array of integers");
        }
        int[] values = new int[256];
        int n = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = parser.getIntValue();
        }
        return Arrays.copyOf(values, n);
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes a JSON string: quotes, backslashes and control characters escaped, UTF-8 else. */
    static void writeString(final ByteSink out, final String text) {
        out.put((byte) '"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.put((byte) '\\');
                out.put((byte) c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> out.ascii("\\n");
                    case '\r' -> out.ascii("\\r");
                    case '\t' -> out.ascii("\\t");
                    case '\b' -> out.ascii("\\b");
                    case '\f' -> out.ascii("\\f");
                    default -> {
                        out.ascii("\\u00");
                        out.put(HEX[c >> 4]);
                        out.put(HEX[c & 0xF]);
                    }
                }
            } else if (c < 0x80) {
                out.put((byte) c);
            } else {
                final int cp = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))
                        ? Character.toCodePoint(c, text.charAt(++i)) : c;
                out.codePoint(cp);
            }
        }
        out.put((byte) '"');
    }

    /** A growable byte buffer for UTF-8 output. */
    static final class ByteSink {
        private byte[] buf;
        private int len;

        ByteSink(final int capacity) {
            buf = new byte[Math.max(capacity, 16)];
        }

        void put(final byte b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = b;
        }

        void ascii(final String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
        }

        void codePoint(final int cp) {
            ensure(4);
            if (cp < 0x800) {
                buf[len++] = (byte) (0xC0 | cp >> 6);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                buf[len++] = (byte) (0xE0 | cp >> 12);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else {
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            }
        }

        private void ensure(final int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        byte[] toByteArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }
}
