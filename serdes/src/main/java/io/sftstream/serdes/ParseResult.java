package io.sftstream.serdes;

/** What {@link RecordParser} makes of one record value: a conversation, or a rejection. */
public sealed interface ParseResult permits ParsedRecord, Rejection {
}
