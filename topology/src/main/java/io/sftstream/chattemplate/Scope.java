package io.sftstream.chattemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * One level of variables: the render's globals, a {@code for} iteration or a macro call.
 * {@code set} writes into the innermost level, so a value set inside a loop is gone at the
 * next iteration and after the loop, as in jinja2.
 */
final class Scope {

    static final Object MISSING = new Object();

    private final Scope parent;
    private final Map<String, Object> fixed;
    private Map<String, Object> vars;

    Scope(final Scope parent) {
        this.parent = parent;
        this.fixed = null;
    }

    /** A root level whose lookups fall back to {@code fixed} (never modified). */
    Scope(final Map<String, Object> fixed) {
        this.parent = null;
        this.fixed = fixed;
    }

    Object lookup(final String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars != null) {
                final Object v = s.vars.get(name);
                if (v != null || s.vars.containsKey(name)) {
                    return v;
                }
            }
            if (s.fixed != null) {
                final Object v = s.fixed.get(name);
                if (v != null || s.fixed.containsKey(name)) {
                    return v;
                }
            }
        }
        return MISSING;
    }

    void set(final String name, final Object value) {
        if (vars == null) {
            vars = new HashMap<>();
        }
        vars.put(name, value);
    }
}
