package io.sftstream.export;

/**
 * The export cannot go on: a setting, the directory or a record is not what it must be. The
 * message is one sentence saying what was found and what to do.
 */
public final class ExportException extends RuntimeException {

    public ExportException(final String message) {
        super(message);
    }

    public ExportException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
