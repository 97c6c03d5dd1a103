package io.sftstream.app;

/** A setting has a bad value; the message is one sentence naming it, the value and the fix. */
public final class SettingsException extends RuntimeException {

    public SettingsException(final String message) {
        super(message);
    }
}
