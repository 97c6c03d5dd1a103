package io.sftstream.serdes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private TrainingRecordJson() {
    }

    /** The record as UTF-8 JSON bytes. */
    public static byte[] write(final TrainingRecord record) {
        final int n = record.numTokens();
        final ByteSink out = new ByteSink(64 + record.id().length() * 3 + n * 16);
        out.ascii("{\"id\":");
        writeString(out, record.id());
        out.ascii(",\"input_ids\":");
        writeInts(out, record.inputIds());
        out.ascii(",\"labels\":");
        writeInts(out, record.labels());
        out.ascii(",\"attention_mask\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            out.put((byte) '1');
        }
        out.ascii("],\"num_tokens\":");
        out.integer(n);
        out.ascii(",\"num_trained_tokens\":");
        out.integer(record.numTrainedTokens());
        out.ascii(record.truncated() ? ",\"truncated\":true}" : ",\"truncated\":false}");
        return out.toByteArray();
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

    private static void writeInts(final ByteSink out, final int[] values) {
        out.put((byte) '[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            out.integer(values[i]);
        }
        out.put((byte) ']');
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

    /** A growable byte buffer with fast decimal output. */
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

        void integer(final int value) {
            ensure(11);
            long v = value;
            if (v < 0) {
                buf[len++] = '-';
                v = -v;
            }
            if (v < 10) {
                buf[len++] = DIGITS[(int) v];
                return;
            }
            int digits = 0;
            for (long t = v; t > 0; t /= 10) {
                digits++;
            }
            int pos = len + digits;
            len = pos;
            while (v > 0) {
                buf[--pos] = DIGITS[(int) (v % 10)];
                v /= 10;
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
