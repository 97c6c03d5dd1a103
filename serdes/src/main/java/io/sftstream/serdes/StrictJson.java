package io.sftstream.serdes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict RFC 8259 parsing of one JSON object into plain Java values: {@code Map<String,Object>}
 * (in the record's key order; duplicate keys: the last value wins, at the
 * first key's place, as in Python), {@code List<Object>}, {@link String}, {@link Num} (numbers are
 * kept as their text, never converted, so an integer of any size stays exact), {@link Boolean}
 * and {@link #NULL}.
 *
 * <p>Beyond Jackson's own strictness it rejects what Jackson would otherwise accept: a byte order
 * mark, a NUL byte (which would make Jackson guess UTF-16/32), nesting deeper than
 * {@value #MAX_DEPTH} levels, strings or names holding a lone surrogate, and trailing content.
 */
final class StrictJson {

    /** Deepest allowed nesting of objects and arrays; the root object is level 1. */
    static final int MAX_DEPTH = 1000;

    /** The JSON {@code null} value. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number as written; {@code integral} when it has neither fraction nor exponent. */
    record Num(String text, boolean integral) {
    }

    /** Thrown for any input that is not one strict JSON object. */
    static final class InvalidJsonException extends Exception {
        InvalidJsonException(final String message) {
            super(message, null, false, false);
        }
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private StrictJson() {
    }

    /**
     * Parses {@code bytes}, which the caller has checked to be valid UTF-8, as one JSON value that
     * must be an object. Returns the object, or throws with a one-line reason.
     */
    static Map<String, Object> parseObject(final byte[] bytes) throws InvalidJsonException {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            throw new InvalidJsonException("value starts with a UTF-8 byte order mark, which is "
                    + "not part of a JSON text");
        }
        final boolean escapes = scanNulAndEscapes(bytes);
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidJsonException("value is not valid JSON: it holds no JSON value");
            }
            final Object root = readValue(parser, first, 0, escapes);
            final JsonToken trailing;
            try {
                trailing = parser.nextToken();
            } catch (final JsonProcessingException e) {
                throw new InvalidJsonException("value has trailing content after the JSON value: "
                        + describe(e));
            }
            if (trailing != null) {
                throw new InvalidJsonException("value has trailing content after the JSON value "
                        + "at " + location(parser));
            }
            if (!(root instanceof Map)) {
                throw new InvalidJsonException("value is JSON " + typeName(root)
                        + ", not an object");
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> object = (Map<String, Object>) root;
            return object;
        } catch (final JsonProcessingException e) {
            throw new InvalidJsonException("value is not valid JSON: " + describe(e));
        } catch (final IOException e) {
            throw new InvalidJsonException("value could not be read: " + e.getMessage());
        }
    }

    /**
     * Throws when the bytes hold a NUL; returns whether they hold a backslash-u escape. The
     * bytes are valid UTF-8, which encodes no lone surrogate, so only a backslash-u escape can
     * put one into a decoded string: without one the strings need no surrogate check. Eight
     * bytes at a time; only words that hold a zero or a backslash byte are looked at closely.
     */
    private static boolean scanNulAndEscapes(final byte[] bytes) throws InvalidJsonException {
        boolean escapes = false;
        final int n = bytes.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            final long word = (long) LONGS.get(bytes, i);
            final long slashes = word ^ BACKSLASHES;
            final long zero = (word - LOW_BITS) & ~word & HIGH_BITS;
            final long slash = (slashes - LOW_BITS) & ~slashes & HIGH_BITS;
            if ((zero | slash) != 0) {
                escapes |= scanBytes(bytes, i, i + 8);
            }
        }
        return scanBytes(bytes, i, n) | escapes;
    }

    private static boolean scanBytes(final byte[] bytes, final int from, final int to)
            throws InvalidJsonException {
        boolean escapes = false;
        for (int k = from; k < to; k++) {
            if (bytes[k] == 0) {
                throw new InvalidJsonException("value is not valid JSON: it contains a NUL byte");
            }
            if (bytes[k] == '\\' && k + 1 < bytes.length && bytes[k + 1] == 'u') {
                escapes = true;
            }
        }
        return escapes;
    }

    private static Object readValue(final JsonParser parser, final JsonToken token,
                                    final int depth, final boolean escapes)
            throws IOException, InvalidJsonException {
        switch (token) {
            case START_OBJECT:
                checkDepth(depth + 1, parser);
                final Map<String, Object> object = new LinkedHashMap<>();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    final String name = checkedText(parser.currentName(), parser, escapes);
                    object.put(name, readValue(parser, parser.nextToken(), depth + 1, escapes));
                }
                return object;
            case START_ARRAY:
                checkDepth(depth + 1, parser);
                final List<Object> array = new ArrayList<>();
                JsonToken item;
                while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(readValue(parser, item, depth + 1, escapes));
                }
                return array;
            case VALUE_STRING:
                return checkedText(parser.getText(), parser, escapes);
            case VALUE_NUMBER_INT:
                return new Num(parser.getText(), true);
            case VALUE_NUMBER_FLOAT:
                return new Num(parser.getText(), false);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new InvalidJsonException("value is not valid JSON: unexpected " + token
                        + " at " + location(parser));
        }
    }

    private static void checkDepth(final int depth, final JsonParser parser)
            throws InvalidJsonException {
        if (depth > MAX_DEPTH) {
            throw new InvalidJsonException("value is nested deeper than " + MAX_DEPTH
                    + " levels at " + location(parser));
        }
    }

    private static String checkedText(final String text, final JsonParser parser,
                                      final boolean escapes) throws InvalidJsonException {
        if (!escapes) {
            return text;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidJsonException(String.format(
                            "value holds a lone surrogate \\u%04X, which is not valid Unicode, "
                                    + "in a string ending at %s", (int) c, location(parser)));
                }
            }
        }
        return text;
    }

    static String typeName(final Object value) {
        if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Num num) {
            return num.integral() ? "an integer" : "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    private static String describe(final JsonProcessingException e) {
        final String original = e.getOriginalMessage() == null ? "malformed input"
                : e.getOriginalMessage();
        final String firstLine = original.lines().findFirst().orElse(original);
        return e.getLocation() == null ? firstLine
                : firstLine + " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    private static String location(final JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column "
                + parser.currentLocation().getColumnNr();
    }
}
