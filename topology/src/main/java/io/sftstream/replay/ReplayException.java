package io.sftstream.replay;

/** A replay that cannot start or go on; the message is one sentence for the user. */
public final class ReplayException extends RuntimeException {

    public ReplayException(final String message) {
        super(message);
    }
}
