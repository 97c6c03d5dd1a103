package io.sftstream.serdes;

import java.util.Map;

/**
 * Turns a record value (UTF-8 JSON bytes) into a validated {@link Conversation}, or a
 * {@link Rejection} naming the first check that failed, in the contract's order: empty → size →
 * UTF-8 → JSON syntax → not an object → unknown format → {@code id} type → field presence and
 * types → unknown role and history item length → empty texts → role order.
 *
 * <p>Template limits, special tokens in text and length are checked later, by the tokenizing
 * step. Instances are immutable and safe to share between threads.
 */
public final class RecordParser {

    /** The default of {@code max.record.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;

    private final InputFormat format;
    private final int maxRecordBytes;

    public RecordParser(final InputFormat format, final int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max.record.bytes must be at least 1, not "
                    + maxRecordBytes);
        }
        this.format = format;
        this.maxRecordBytes = maxRecordBytes;
    }

    public InputFormat format() {
        return format;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Parses one record value; {@code value} may be null (a tombstone). Never throws. */
    public ParseResult parse(final byte[] value) {
        if (value == null) {
            return Rejection.of(Reason.EMPTY_RECORD, "record value is null (a tombstone)");
        }
        return parse(value, value.length);
    }

    /**
     * Parses {@code value[0..length)}; lets file mode reuse a line buffer. Never throws: anything
     * unexpected is a {@link Reason#PROCESSING_ERROR} rejection.
     */
    public ParseResult parse(final byte[] value, final int length) {
        if (length == 0) {
            return Rejection.of(Reason.EMPTY_RECORD, "record value is empty (zero bytes)");
        }
        if (length > maxRecordBytes) {
            return Rejection.of(Reason.RECORD_TOO_LARGE, "record value is " + length
                    + " bytes, larger than max.record.bytes=" + maxRecordBytes);
        }
        final int bad = Utf8.firstInvalid(value, length);
        if (bad >= 0) {
            return Rejection.of(Reason.INVALID_JSON, String.format(
                    "record value is not valid UTF-8: byte 0x%02X at offset %d",
                    value[bad] & 0xFF, bad));
        }
        final Map<String, Object> root;
        try {
            final byte[] exact = length == value.length ? value
                    : java.util.Arrays.copyOf(value, length);
            root = StrictJson.parseObject(exact);
        } catch (final StrictJson.InvalidJsonException e) {
            return Rejection.of(Reason.INVALID_JSON, "record " + e.getMessage());
        }
        try {
            return parseObject(root);
        } catch (final InvalidRecord e) {
            return e.rejection;
        } catch (final RuntimeException e) {
            return Rejection.of(Reason.PROCESSING_ERROR, e.getClass().getName() + ": "
                    + e.getMessage());
        }
    }

    private ParseResult parseObject(final Map<String, Object> root) throws InvalidRecord {
        final InputFormat shape = format == InputFormat.AUTO ? detect(root) : format;
        final String id = id(root);
        final Conversation conversation = switch (shape) {
            case ALPACA -> ShapeReader.alpaca(root);
            case PROMPT_RESPONSE -> ShapeReader.promptResponse(root);
            case MESSAGES -> MessagesReader.read(root);
            case SHAREGPT -> ShapeReader.roles(root, ShapeReader.SHAREGPT);
            case AUTO -> throw new IllegalStateException("unreachable");
        };
        return new ParsedRecord(id, conversation);
    }

    private static InputFormat detect(final Map<String, Object> root) throws InvalidRecord {
        if (root.containsKey("messages")) {
            return InputFormat.MESSAGES;
        } else if (root.containsKey("conversations")) {
            return InputFormat.SHAREGPT;
        } else if (root.containsKey("instruction")) {
            return InputFormat.ALPACA;
        } else if (root.containsKey("prompt")) {
            return InputFormat.PROMPT_RESPONSE;
        }
        throw new InvalidRecord(Reason.UNKNOWN_FORMAT, "record has none of the fields "
                + "'messages', 'conversations', 'instruction' or 'prompt'");
    }

    private static String id(final Map<String, Object> root) throws InvalidRecord {
        final Object id = root.get("id");
        if (id == null || id == StrictJson.NULL) {
            return null;
        }
        if (id instanceof String text) {
            return text;
        }
        if (id instanceof StrictJson.Num num && num.integral()) {
            // "-0" is the integer 0; every other JSON integer is already canonical decimal.
            return "-0".equals(num.text()) ? "0" : num.text();
        }
        throw new InvalidRecord(Reason.WRONG_TYPE, "field 'id' must be a string or an integer, "
                + "not " + StrictJson.typeName(id)
                + (id instanceof StrictJson.Num ? " with a fraction or exponent" : ""));
    }

    /** A validation failure carried out of the nested readers; never escapes this package. */
    static final class InvalidRecord extends Exception {
        final transient Rejection rejection;

        InvalidRecord(final Reason reason, final String message) {
            super(message, null, false, false);
            this.rejection = Rejection.of(reason, message);
        }
    }
}
