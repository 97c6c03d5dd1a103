package io.sftstream.chattemplate;

/**
 * A chat-template setting cannot be used: no template found, a {@code --chat-template} file
 * that cannot be read, a {@code chat_template} value of the wrong shape, or
 * {@code --chat-template-kwargs} that are not a JSON object. The message is one sentence
 * saying what was wrong and what to do.
 */
public final class ChatTemplateSettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChatTemplateSettingsException(final String message) {
        super(message);
    }

    public ChatTemplateSettingsException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
