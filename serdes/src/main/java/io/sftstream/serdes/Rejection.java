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

    /**
     * The rejection for an exception that escaped the processing code: {@code PROCESSING_ERROR}
     * with the exception's class name and message, {@code java.lang.IllegalStateException: boom}.
     * The file mode and the dead-letter handlers both write this message.
     */
    public static Rejection processingError(final Throwable exception) {
        return new Rejection(Reason.PROCESSING_ERROR, exception.getClass().getName() + ": "
                + exception.getMessage());
    }
}
