package io.sftstream.chattemplate;

import java.util.List;
import java.util.Map;

/** Reading Python-style positional-or-keyword arguments of a call. */
final class Args {

    private Args() {
    }

    static Object positional(final List<Object> args, final Map<String, Object> kwargs,
                             final int index, final String name, final Object dflt,
                             final boolean required) {
        if (index < args.size()) {
            return args.get(index);
        }
        if (kwargs.containsKey(name)) {
            return kwargs.get(name);
        }
        if (required) {
            throw PyOps.typeError("missing required argument '" + name + "' (pos "
                    + (index + 1) + ")");
        }
        return dflt;
    }

    static String string(final Object v, final String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Undefined u) {
            throw u.fail();
        }
        throw PyOps.typeError(what + " must be str, not " + PyOps.typeName(v));
    }

    /** A {@code chars}-style argument: a string, or None for the default. */
    static String stringOrNone(final Object v, final String what) {
        return v == null ? null : string(v, what);
    }

    static long integer(final Object v, final String what) {
        if (PyOps.isIntegral(v)) {
            return PyOps.toLong(v);
        }
        if (v instanceof Undefined u) {
            throw u.fail();
        }
        throw PyOps.typeError("'" + PyOps.typeName(v) + "' object cannot be interpreted as an "
                + "integer (" + what + ")");
    }
}
