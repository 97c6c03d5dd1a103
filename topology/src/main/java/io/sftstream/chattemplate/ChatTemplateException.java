package io.sftstream.chattemplate;

/**
 * A chat template failed to render: an error the template ran into (an undefined value used,
 * a Python {@code TypeError} such as {@code 'a' + None}, ...). The message reads like the
 * Python exception jinja2 would raise ({@code TypeError: can only concatenate str ...}).
 * {@link ChatTemplateRaisedException} is the template's own {@code raise_exception}.
 */
public class ChatTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChatTemplateException(final String message) {
        super(message);
    }

    public ChatTemplateException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
