package io.sftstream.serdes;

import java.util.Objects;

/** One user text and the assistant's answer to it, exactly as decoded from the record. */
public record Turn(String user, String assistant) {

    public Turn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(assistant, "assistant");
    }
}
