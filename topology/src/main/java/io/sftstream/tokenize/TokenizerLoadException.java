package io.sftstream.tokenize;

/**
 * The tokenizer or the template cannot be used, so the app must not start. The message is meant
 * for the user as is: it names the value that was wrong and says what to do instead.
 */
public final class TokenizerLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TokenizerLoadException(final String message) {
        super(message);
    }

    public TokenizerLoadException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
