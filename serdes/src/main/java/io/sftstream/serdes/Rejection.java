package io.sftstream.serdes;

import java.util.Objects;

/**
 * A record that cannot become a training record: the reason code and one human-readable sentence
 * naming the field or limit (for example {@code field 'output' is blank}).
 */
public record Rejection(Reason reason, String message) implements ParseResult {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(final Reason reason, final String message) {
        return new Rejection(reason, message);
    }
}
