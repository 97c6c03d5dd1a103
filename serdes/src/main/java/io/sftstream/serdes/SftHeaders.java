package io.sftstream.serdes;

/** Names of the record headers that sftstream writes (values are UTF-8 strings). */
public final class SftHeaders {

    /** DLQ: the rejection reason code ({@link Reason#name()}). */
    public static final String ERROR_REASON = "sftstream.error.reason";
    /** DLQ: one human-readable sentence naming the field or limit. */
    public static final String ERROR_MESSAGE = "sftstream.error.message";
    /** DLQ: source topic; the name Kafka Streams' own dead-letter queue (KIP-1034) writes. */
    public static final String ERROR_TOPIC = "__streams.errors.topic";
    /** DLQ: source partition (decimal). */
    public static final String ERROR_PARTITION = "__streams.errors.partition";
    /** DLQ: source offset (decimal). */
    public static final String ERROR_OFFSET = "__streams.errors.offset";
    /** DLQ, {@code PROCESSING_ERROR} only: the exception's class name (as Kafka Streams). */
    public static final String ERROR_EXCEPTION = "__streams.errors.exception";
    /** DLQ, {@code PROCESSING_ERROR} only: the exception's message (no value when it has none). */
    public static final String ERROR_EXCEPTION_MESSAGE = "__streams.errors.message";
    /** DLQ, {@code PROCESSING_ERROR} only: the exception's stack trace, as printStackTrace. */
    public static final String ERROR_STACKTRACE = "__streams.errors.stacktrace";

    /** Output: hex SHA-256 of the tokenizer.json bytes. */
    public static final String TOKENIZER = "sftstream.tokenizer";
    /** Output: the template name. */
    public static final String TEMPLATE = "sftstream.template";
    /** Output: the end-of-turn id (decimal). */
    public static final String EOS_ID = "sftstream.eos.id";

    /** Output: the hex SHA-256 of the chat template text's UTF-8 bytes ({@code --template model}). */
    public static final String CHAT_TEMPLATE = "sftstream.chat_template";

    private SftHeaders() {
    }
}
