package io.sftstream.chattemplate;

/**
 * A chat template does not parse (or names a filter or test that does not exist). The message
 * is one sentence naming the source, the line and what was wrong; {@link #line()} is the
 * 1-based line of the template.
 */
public final class ChatTemplateSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public ChatTemplateSyntaxException(final String message, final int line) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
