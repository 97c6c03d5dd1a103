package io.sftstream.chattemplate;

/**
 * jinja2's default {@code Undefined}: prints as "", is false, iterates as empty and has length
 * 0, but any attribute or item access, call or arithmetic on it fails with the message jinja2
 * would give ({@code 'x' is undefined}, {@code 'dict object' has no attribute 'y'}).
 */
final class Undefined {

    private final String message;

    private Undefined(final String message) {
        this.message = message;
    }

    static Undefined name(final String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(final Object owner, final String attribute) {
        return new Undefined("'" + PyOps.objectTypeRepr(owner) + "' has no attribute '"
                + attribute + "'");
    }

    static Undefined element(final Object owner, final Object key) {
        if (key instanceof String s) {
            return attribute(owner, s);
        }
        return new Undefined(PyOps.objectTypeRepr(owner) + " has no element " + PyOps.repr(key));
    }

    static Undefined withHint(final String hint) {
        return new Undefined(hint);
    }

    ChatTemplateException fail() {
        return new ChatTemplateException("UndefinedError: " + message);
    }

    @Override
    public String toString() {
        return "";
    }
}
