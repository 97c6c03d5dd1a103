package io.sftstream.chattemplate;

/**
 * The template called {@code raise_exception(message)} (transformers' {@code TemplateError}):
 * the conversation is one the template refuses. {@link #getMessage()} is the template's text,
 * unchanged.
 */
public final class ChatTemplateRaisedException extends ChatTemplateException {

    private static final long serialVersionUID = 1L;

    public ChatTemplateRaisedException(final String message) {
        super(message);
    }
}
