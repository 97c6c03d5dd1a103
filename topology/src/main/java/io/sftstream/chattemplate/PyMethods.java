package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute and item access with jinja2's sandboxed rules ({@code x.y} tries the attribute,
 * then the item; {@code x['y']} the item, then the attribute; a miss is {@link Undefined}),
 * and the Python methods of {@code str}, {@code dict} and {@code list} that an immutable
 * sandbox allows. Methods that would modify a dict or list are refused as jinja2's
 * {@code ImmutableSandboxedEnvironment} refuses them.
 */
final class PyMethods {

    private static final Set<String> STRING_METHODS = Set.of(
            "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith",
            "endswith", "upper", "lower", "replace", "title", "capitalize", "join", "format",
            "find", "rfind", "index", "rindex", "count", "isdigit", "isalpha", "isalnum",
            "isspace", "islower", "isupper", "isnumeric", "isdecimal", "zfill", "center",
            "ljust", "rjust", "partition", "rpartition", "removeprefix", "removesuffix",
            "swapcase", "casefold");
    private static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get",
            "copy");
    private static final Set<String> DICT_UNSAFE = Set.of("clear", "pop", "popitem",
            "setdefault", "update");
    private static final Set<String> LIST_METHODS = Set.of("index", "count", "copy");
    private static final Set<String> LIST_UNSAFE = Set.of("append", "extend", "insert", "pop",
            "remove", "reverse", "sort", "clear");

    private PyMethods() {
    }

    private static boolean hasMethod(final Object obj, final String name) {
        if (obj instanceof String) {
            return STRING_METHODS.contains(name);
        } else if (obj instanceof Map) {
            return DICT_METHODS.contains(name);
        } else if (obj instanceof List) {
            return LIST_METHODS.contains(name);
        }
        return false;
    }

    private static Undefined unsafe(final Object obj, final String name) {
        if (obj instanceof Map && DICT_UNSAFE.contains(name)
                || obj instanceof List && !(obj instanceof PyTuple) && LIST_UNSAFE.contains(name)) {
            return Undefined.withHint("access to attribute '" + name + "' of '"
                    + PyOps.typeName(obj) + "' object is unsafe.");
        }
        return null;
    }

    /** {@code obj.name}. */
    static Object getAttr(final Object obj, final String name) {
        if (obj instanceof Map<?, ?> m) {
            if (DICT_METHODS.contains(name)) {
                return bound(obj, name);
            }
            final Object v = m.get(name);
            if (v != null || m.containsKey(name)) {
                return v;
            }
            final Undefined u = unsafe(obj, name);
            return u != null ? u : Undefined.attribute(obj, name);
        } else if (obj instanceof Namespace ns) {
            final Object v = ns.attributes.get(name);
            return v != null || ns.attributes.containsKey(name) ? v
                    : Undefined.attribute(obj, name);
        } else if (obj instanceof Loop loop) {
            return loop.attribute(name);
        } else if (obj instanceof Undefined u) {
            throw u.fail();
        }
        if (hasMethod(obj, name)) {
            return bound(obj, name);
        }
        final Undefined u = unsafe(obj, name);
        return u != null ? u : Undefined.attribute(obj, name);
    }

    /** {@code obj[key]}. */
    static Object getItem(final Object obj, final Object key) {
        if (obj instanceof Map<?, ?> m) {
            final Object v = m.get(key);
            if (v != null || m.containsKey(key)) {
                return v;
            }
            if (PyOps.isNumber(key)) {
                for (final Map.Entry<?, ?> e : m.entrySet()) {
                    if (PyOps.eq(e.getKey(), key)) {
                        return e.getValue();
                    }
                }
            }
        } else if (obj instanceof List<?> l) {
            if (PyOps.isIntegral(key)) {
                final long n = PyOps.toLong(key);
                final long i = n < 0 ? n + l.size() : n;
                if (i >= 0 && i < l.size()) {
                    return l.get((int) i);
                }
                return Undefined.element(obj, key);
            }
        } else if (obj instanceof String s) {
            if (PyOps.isIntegral(key)) {
                final String c = PyStrings.charAt(s, PyOps.toLong(key));
                return c != null ? c : Undefined.element(obj, key);
            }
        } else if (obj instanceof Undefined u) {
            throw u.fail();
        }
        if (key instanceof String name) {
            if (obj instanceof Map) {
                return DICT_METHODS.contains(name) ? bound(obj, name)
                        : unsafeOrMissing(obj, key);
            }
            if (obj instanceof Namespace || obj instanceof Loop || obj instanceof String
                    || obj instanceof List) {
                return getAttr(obj, name);
            }
        }
        return unsafeOrMissing(obj, key);
    }

    private static Undefined unsafeOrMissing(final Object obj, final Object key) {
        if (key instanceof String name) {
            final Undefined u = unsafe(obj, name);
            if (u != null) {
                return u;
            }
        }
        return Undefined.element(obj, key);
    }

    /** {@code obj[start:stop:step]}. */
    static Object slice(final Object obj, final Object start, final Object stop,
                        final Object step) {
        final Long a = sliceIndex(start);
        final Long b = sliceIndex(stop);
        final Long c = sliceIndex(step);
        if (obj instanceof String s) {
            return PyStrings.slice(s, a, b, c);
        } else if (obj instanceof List<?> l) {
            final int[] idx = PySlice.indices(l.size(), a, b, c);
            final List<Object> out = new ArrayList<>(idx.length);
            for (final int i : idx) {
                out.add(l.get(i));
            }
            return obj instanceof PyTuple ? new PyTuple(out) : out;
        } else if (obj instanceof Undefined u) {
            throw u.fail();
        }
        return Undefined.element(obj, "slice");
    }

    private static Long sliceIndex(final Object v) {
        if (v == null || v instanceof Undefined) {
            return null;
        }
        return PyOps.index(v, "slice indices");
    }

    private static PyCallable bound(final Object obj, final String name) {
        return (args, kwargs) -> call(obj, name, args, kwargs);
    }

    /** Calls {@code obj.name(*args, **kwargs)}; the method is known to exist. */
    static Object call(final Object obj, final String name, final List<Object> args,
                       final Map<String, Object> kwargs) {
        if (obj instanceof String s) {
            return PyStringMethods.call(s, name, args, kwargs);
        } else if (obj instanceof Map<?, ?> m) {
            return switch (name) {
                case "items" -> {
                    final List<Object> out = new ArrayList<>(m.size());
                    for (final Map.Entry<?, ?> e : m.entrySet()) {
                        out.add(new PyTuple(e.getKey(), e.getValue()));
                    }
                    yield out;
                }
                case "keys" -> new ArrayList<Object>(m.keySet());
                case "values" -> new ArrayList<Object>(m.values());
                case "copy" -> new LinkedHashMap<Object, Object>(m);
                default -> {
                    final Object key = Args.positional(args, kwargs, 0, "key", null, true);
                    final Object dflt = Args.positional(args, kwargs, 1, "default", null, false);
                    final Object v = getItem(obj, key);
                    yield v instanceof Undefined || v instanceof PyCallable
                            && !m.containsKey(key) ? dflt : v;
                }
            };
        } else if (obj instanceof List<?> l) {
            final Object x = args.isEmpty() ? null : args.get(0);
            switch (name) {
                case "count" -> {
                    long n = 0;
                    for (final Object o : l) {
                        if (PyOps.eq(o, x)) {
                            n++;
                        }
                    }
                    return n;
                }
                case "index" -> {
                    for (int i = 0; i < l.size(); i++) {
                        if (PyOps.eq(l.get(i), x)) {
                            return (long) i;
                        }
                    }
                    throw new ChatTemplateException("ValueError: " + PyOps.repr(x)
                            + " is not in list");
                }
                default -> {
                    return new ArrayList<Object>(l);
                }
            }
        }
        throw PyOps.typeError("'" + PyOps.typeName(obj) + "' object has no method " + name);
    }

    /** {@code obj.name(...)} as a call site: a method when there is one, else the attribute. */
    static Object callAttr(final Object obj, final String name, final List<Object> args,
                           final Map<String, Object> kwargs) {
        if (obj instanceof Map<?, ?> ? DICT_METHODS.contains(name) : hasMethod(obj, name)) {
            return call(obj, name, args, kwargs);
        }
        return callValue(getAttr(obj, name), args, kwargs);
    }

    static Object callValue(final Object fn, final List<Object> args,
                            final Map<String, Object> kwargs) {
        if (fn instanceof PyCallable c) {
            return c.call(args, kwargs);
        } else if (fn instanceof Undefined u) {
            throw u.fail();
        }
        throw PyOps.typeError("'" + PyOps.typeName(fn) + "' object is not callable");
    }
}
