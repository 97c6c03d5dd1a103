package io.sftstream.serdes;

/**
 * Why a record was sent to the dead-letter topic. The names are the values of the
 * {@code sftstream.error.reason} header and of the {@code reason} field of file-mode DLQ lines.
 *
 * <p>The declaration order is the order in which the checks run: when a record has several
 * faults, the first failing check names the reason.
 */
public enum Reason {
    /** The value is null (a tombstone) or zero bytes. */
    EMPTY_RECORD,
    /** The value is larger than {@code max.record.bytes}; checked before parsing. */
    RECORD_TOO_LARGE,
    /** Not valid UTF-8, not valid JSON, trailing garbage, or JSON that is not an object. */
    INVALID_JSON,
    /** A JSON object with none of the detection fields. */
    UNKNOWN_FORMAT,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, including {@code null} where a string is required. */
    WRONG_TYPE,
    /** A required text is empty or whitespace only. */
    EMPTY_TEXT,
    /** Roles out of order, system not first, no final assistant, no turn, or a template limit. */
    BAD_CONVERSATION,
    /** A text the template uses contains the content of one of the tokenizer's added tokens. */
    SPECIAL_TOKEN_IN_TEXT,
    /** The encoded sequence does not fit {@code max.tokens}. */
    TOO_LONG,
    /** Anything unexpected: a tokenizer failure, a bug, a broken invariant. */
    PROCESSING_ERROR
}
