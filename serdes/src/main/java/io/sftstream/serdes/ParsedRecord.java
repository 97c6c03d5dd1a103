package io.sftstream.serdes;

import java.util.Objects;

/**
 * A record value that passed every parser check.
 *
 * @param id           the record's own {@code id} as a string, or {@code null} when it has none
 *                     (the caller then derives {@code <topic>-<partition>-<offset>})
 * @param conversation the validated conversation
 */
public record ParsedRecord(String id, Conversation conversation) implements ParseResult {

    public ParsedRecord {
        Objects.requireNonNull(conversation, "conversation");
    }
}
