package io.sftstream.chattemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jinja2's built-in filters with Python semantics, plus transformers' {@code tojson}
 * ({@code json.dumps(x, ensure_ascii=False, ...)}, not jinja2's HTML-escaping one).
 */
final class JinjaFilters {

    @FunctionalInterface
    interface Filter {
        Object apply(Object value, List<Object> args, Map<String, Object> kwargs);
    }

    private static final Map<String, Filter> FILTERS = new HashMap<>();

    static {
        FILTERS.put("tojson", JinjaFilters::tojson);
        FILTERS.put("trim", (v, a, k) -> PyStrings.strip(PyOps.str(v),
                Args.stringOrNone(Args.positional(a, k, 0, "chars", null, false), "chars")));
        FILTERS.put("length", (v, a, k) -> (long) PyOps.len(v));
        FILTERS.put("count", (v, a, k) -> (long) PyOps.len(v));
        FILTERS.put("string", (v, a, k) -> PyOps.str(v));
        FILTERS.put("safe", (v, a, k) -> PyOps.str(v));
        FILTERS.put("e", JinjaFilters::escape);
        FILTERS.put("escape", JinjaFilters::escape);
        FILTERS.put("forceescape", JinjaFilters::escape);
        FILTERS.put("upper", (v, a, k) -> PyStrings.upper(PyOps.str(v)));
        FILTERS.put("lower", (v, a, k) -> PyStrings.lower(PyOps.str(v)));
        FILTERS.put("capitalize", (v, a, k) -> PyStrings.capitalize(PyOps.str(v)));
        FILTERS.put("title", (v, a, k) -> title(PyOps.str(v)));
        FILTERS.put("replace", (v, a, k) -> PyStrings.replace(PyOps.str(v),
                PyOps.str(Args.positional(a, k, 0, "old", null, true)),
                PyOps.str(Args.positional(a, k, 1, "new", null, true)),
                Args.positional(a, k, 2, "count", null, false) == null ? -1
                        : Args.integer(Args.positional(a, k, 2, "count", null, false), "count")));
        FILTERS.put("join", JinjaFilters::join);
        FILTERS.put("list", (v, a, k) -> new ArrayList<>(PyOps.iterate(v)));
        FILTERS.put("first", (v, a, k) -> {
            final List<Object> items = PyOps.iterate(v);
            return items.isEmpty() ? Undefined.withHint("No first item, sequence was empty.")
                    : items.get(0);
        });
        FILTERS.put("last", (v, a, k) -> {
            final List<Object> items = PyOps.iterate(v);
            return items.isEmpty() ? Undefined.withHint("No last item, sequence was empty.")
                    : items.get(items.size() - 1);
        });
        FILTERS.put("reverse", (v, a, k) -> {
            if (v instanceof String s) {
                return PyStrings.slice(s, null, null, -1L);
            }
            final List<Object> out = new ArrayList<>(PyOps.iterate(v));
            Collections.reverse(out);
            return out;
        });
        final Filter dflt = (v, a, k) -> {
            final Object d = Args.positional(a, k, 0, "default_value", "", false);
            final boolean bool = PyOps.truthy(Args.positional(a, k, 1, "boolean", false,
                    false));
            return v instanceof Undefined || bool && !PyOps.truthy(v) ? d : v;
        };
        FILTERS.put("default", dflt);
        FILTERS.put("d", dflt);
        FILTERS.put("items", (v, a, k) -> v instanceof Undefined ? List.of()
                : PyMethods.call(mapping(v), "items", List.of(), Map.of()));
        FILTERS.put("dictsort", JinjaFilters::dictsort);
        FILTERS.put("selectattr", (v, a, k) -> select(v, a, true, true));
        FILTERS.put("rejectattr", (v, a, k) -> select(v, a, true, false));
        FILTERS.put("select", (v, a, k) -> select(v, a, false, true));
        FILTERS.put("reject", (v, a, k) -> select(v, a, false, false));
        FILTERS.put("map", JinjaFilters::map);
        FILTERS.put("attr", (v, a, k) -> PyMethods.getAttr(v, PyOps.str(a.get(0))));
        FILTERS.put("unique", (v, a, k) -> {
            final List<Object> out = new ArrayList<>();
            for (final Object o : PyOps.iterate(v)) {
                boolean seen = false;
                for (final Object p : out) {
                    if (PyOps.eq(fold(o), fold(p))) {
                        seen = true;
                        break;
                    }
                }
                if (!seen) {
                    out.add(o);
                }
            }
            return out;
        });
        FILTERS.put("sort", JinjaFilters::sort);
        FILTERS.put("sum", (v, a, k) -> {
            Object total = Args.positional(a, k, 1, "start", 0L, false);
            final Object attribute = Args.positional(a, k, 0, "attribute", null, false);
            for (final Object o : PyOps.iterate(v)) {
                total = PyOps.add(total, attribute == null ? o : attribute(o, attribute));
            }
            return total;
        });
        FILTERS.put("max", (v, a, k) -> extreme(v, true));
        FILTERS.put("min", (v, a, k) -> extreme(v, false));
        FILTERS.put("abs", (v, a, k) -> PyOps.compare(v, 0L, "<") < 0 ? PyOps.neg(v) : v);
        FILTERS.put("int", JinjaFilters::toInt);
        FILTERS.put("float", (v, a, k) -> {
            try {
                return PyOps.isNumber(v) ? PyOps.toDouble(v)
                        : Double.parseDouble(PyStrings.strip(PyOps.str(v), null));
            } catch (final NumberFormatException e) {
                return PyOps.toDouble(Args.positional(a, k, 0, "default", 0.0, false));
            }
        });
        FILTERS.put("round", JinjaFilters::round);
        FILTERS.put("indent", JinjaFilters::indent);
        FILTERS.put("center", (v, a, k) -> PyStringMethods.call(PyOps.str(v), "center",
                List.of(Args.positional(a, k, 0, "width", 80L, false)), Map.of()));
        FILTERS.put("wordcount", (v, a, k) -> (long) PyStrings.split(PyOps.str(v), null, -1)
                .size());
        FILTERS.put("format", (v, a, k) -> PyFormat.percent(PyOps.str(v), new PyTuple(a)));
        FILTERS.put("pprint", (v, a, k) -> PyOps.repr(v));
    }

    private JinjaFilters() {
    }

    static Filter get(final String name) {
        return FILTERS.get(name);
    }

    private static Map<?, ?> mapping(final Object v) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw PyOps.typeError("Can only get item pairs from a mapping.");
    }

    private static Object tojson(final Object v, final List<Object> a,
                                 final Map<String, Object> k) {
        if (PyOps.truthy(Args.positional(a, k, 0, "ensure_ascii", false, false))) {
            throw new ChatTemplateException("tojson with ensure_ascii=True is not supported");
        }
        final Object indent = Args.positional(a, k, 1, "indent", null, false);
        final Object separators = Args.positional(a, k, 2, "separators", null, false);
        final boolean sortKeys = PyOps.truthy(Args.positional(a, k, 3, "sort_keys", false,
                false));
        final String indentText;
        if (indent == null) {
            indentText = null;
        } else if (indent instanceof String s) {
            indentText = s;
        } else {
            indentText = " ".repeat((int) Math.max(0, Args.integer(indent, "indent")));
        }
        String itemSep = indentText == null ? ", " : ",";
        String keySep = ": ";
        if (separators != null) {
            final List<Object> parts = PyOps.iterate(separators);
            itemSep = Args.string(parts.get(0), "separators");
            keySep = Args.string(parts.get(1), "separators");
        }
        return PyJson.dumps(v, indentText, itemSep, keySep, sortKeys);
    }

    private static Object escape(final Object v, final List<Object> a,
                                 final Map<String, Object> k) {
        return PyOps.str(v).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace("\"", "&#34;");
    }

    /** jinja2's {@code title} filter: capitalise each word after {@code - ( { [ <} or space. */
    private static String title(final String s) {
        final StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int j = i;
            while (j < s.length() && isWordBreak(s.charAt(j))) {
                j++;
            }
            sb.append(s, i, j);
            int e = j;
            while (e < s.length() && !isWordBreak(s.charAt(e))) {
                e++;
            }
            if (e > j) {
                final int cp = s.codePointAt(j);
                sb.append(PyStrings.upper(new String(Character.toChars(cp))))
                        .append(PyStrings.lower(s.substring(j + Character.charCount(cp), e)));
            }
            i = e;
        }
        return sb.toString();
    }

    private static boolean isWordBreak(final char c) {
        return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || PyStrings.isSpace(c);
    }

    private static Object join(final Object v, final List<Object> a,
                               final Map<String, Object> k) {
        final String sep = PyOps.str(Args.positional(a, k, 0, "d", "", false));
        final Object attribute = Args.positional(a, k, 1, "attribute", null, false);
        final StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (final Object o : PyOps.iterate(v)) {
            if (!first) {
                sb.append(sep);
            }
            first = false;
            sb.append(PyOps.str(attribute == null ? o : attribute(o, attribute)));
        }
        return sb.toString();
    }

    /** jinja2's attribute lookup for filters: dotted names and integer parts allowed. */
    static Object attribute(final Object item, final Object attribute) {
        if (!(attribute instanceof String path)) {
            return PyMethods.getItem(item, attribute);
        }
        Object v = item;
        for (final String part : path.split("\\.", -1)) {
            final Object key = !part.isEmpty() && part.chars().allMatch(Character::isDigit)
                    ? (Object) Long.parseLong(part) : part;
            v = PyMethods.getItem(v, key);
        }
        return v;
    }

    private static List<Object> select(final Object v, final List<Object> a,
                                       final boolean byAttribute, final boolean keep) {
        final List<Object> out = new ArrayList<>();
        int at = 0;
        final Object attribute = byAttribute ? a.get(at++) : null;
        JinjaTests.Test test = null;
        List<Object> testArgs = List.of();
        if (a.size() > at) {
            final String name = PyOps.str(a.get(at++));
            test = JinjaTests.get(name);
            if (test == null) {
                throw new ChatTemplateException("TemplateRuntimeError: No test named '" + name
                        + "'.");
            }
            testArgs = a.subList(at, a.size());
        }
        for (final Object item : PyOps.iterate(v)) {
            final Object x = byAttribute ? attribute(item, attribute) : item;
            final boolean ok = test == null ? PyOps.truthy(x) : test.test(x, testArgs);
            if (ok == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object map(final Object v, final List<Object> a,
                              final Map<String, Object> k) {
        final List<Object> out = new ArrayList<>();
        if (k.containsKey("attribute")) {
            final Object attribute = k.get("attribute");
            final boolean hasDefault = k.containsKey("default");
            for (final Object item : PyOps.iterate(v)) {
                final Object x = attribute(item, attribute);
                out.add(hasDefault && x instanceof Undefined ? k.get("default") : x);
            }
            return out;
        }
        if (a.isEmpty()) {
            throw new ChatTemplateException("TemplateRuntimeError: map requires a filter "
                    + "argument");
        }
        final String name = PyOps.str(a.get(0));
        final Filter f = get(name);
        if (f == null) {
            throw new ChatTemplateException("TemplateRuntimeError: No filter named '" + name
                    + "'.");
        }
        final List<Object> rest = a.subList(1, a.size());
        for (final Object item : PyOps.iterate(v)) {
            out.add(f.apply(item, rest, k));
        }
        return out;
    }

    private static Object fold(final Object v) {
        return v instanceof String s ? PyStrings.lower(s) : v;
    }

    private static Object sort(final Object v, final List<Object> a,
                               final Map<String, Object> k) {
        final boolean reverse = PyOps.truthy(Args.positional(a, k, 0, "reverse", false, false));
        final boolean caseSensitive = PyOps.truthy(Args.positional(a, k, 1, "case_sensitive",
                false, false));
        final Object attribute = Args.positional(a, k, 2, "attribute", null, false);
        final List<Object> out = new ArrayList<>(PyOps.iterate(v));
        out.sort((x, y) -> {
            Object p = attribute == null ? x : attribute(x, attribute);
            Object q = attribute == null ? y : attribute(y, attribute);
            if (!caseSensitive) {
                p = fold(p);
                q = fold(q);
            }
            return PyOps.compare(p, q, "<");
        });
        if (reverse) {
            Collections.reverse(out);
        }
        return out;
    }

    private static Object dictsort(final Object v, final List<Object> a,
                                   final Map<String, Object> k) {
        final boolean caseSensitive = PyOps.truthy(Args.positional(a, k, 0, "case_sensitive",
                false, false));
        final String by = PyOps.str(Args.positional(a, k, 1, "by", "key", false));
        final boolean reverse = PyOps.truthy(Args.positional(a, k, 2, "reverse", false, false));
        final int pos = by.equals("value") ? 1 : 0;
        final List<Object> items = new ArrayList<>((List<?>) PyMethods.call(mapping(v), "items",
                List.of(), Map.of()));
        items.sort((x, y) -> {
            Object p = ((List<?>) x).get(pos);
            Object q = ((List<?>) y).get(pos);
            if (!caseSensitive) {
                p = fold(p);
                q = fold(q);
            }
            return PyOps.compare(p, q, "<");
        });
        if (reverse) {
            Collections.reverse(items);
        }
        return items;
    }

    private static Object extreme(final Object v, final boolean max) {
        final List<Object> items = PyOps.iterate(v);
        if (items.isEmpty()) {
            return Undefined.withHint("No aggregated item, sequence was empty.");
        }
        Object best = items.get(0);
        for (final Object o : items) {
            final int c = PyOps.compare(fold(o), fold(best), "<");
            if (max ? c > 0 : c < 0) {
                best = o;
            }
        }
        return best;
    }

    private static Object toInt(final Object v, final List<Object> a,
                                final Map<String, Object> k) {
        final Object dflt = Args.positional(a, k, 0, "default", 0L, false);
        if (PyOps.isIntegral(v)) {
            return PyOps.normalise(PyOps.toBig(v));
        }
        if (PyOps.isFloat(v)) {
            return PyOps.normalise(BigDecimal.valueOf(PyOps.toDouble(v)).toBigInteger());
        }
        try {
            return PyOps.normalise(new BigInteger(
                    PyStrings.strip(PyOps.str(v), null).replace("_", "")));
        } catch (final NumberFormatException e) {
            try {
                return PyOps.normalise(new BigDecimal(PyStrings.strip(PyOps.str(v), null))
                        .toBigInteger());
            } catch (final NumberFormatException e2) {
                return dflt;
            }
        }
    }

    private static Object round(final Object v, final List<Object> a,
                                final Map<String, Object> k) {
        final long precision = Args.integer(Args.positional(a, k, 0, "precision", 0L, false),
                "precision");
        final String method = PyOps.str(Args.positional(a, k, 1, "method", "common", false));
        final RoundingMode mode = switch (method) {
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> RoundingMode.HALF_UP;
        };
        return new BigDecimal(PyOps.toDouble(v)).setScale((int) precision, mode).doubleValue();
    }

    private static Object indent(final Object v, final List<Object> a,
                                 final Map<String, Object> k) {
        final Object width = Args.positional(a, k, 0, "width", 4L, false);
        final boolean first = PyOps.truthy(Args.positional(a, k, 1, "first", false, false));
        final boolean blank = PyOps.truthy(Args.positional(a, k, 2, "blank", false, false));
        final String pad = width instanceof String s ? s
                : " ".repeat((int) Args.integer(width, "width"));
        @SuppressWarnings("unchecked")
        final List<Object> lines = (List<Object>) PyStringMethods.call(PyOps.str(v) + "\n",
                "splitlines", List.of(), Map.of());
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            final String line = (String) lines.get(i);
            if (i > 0) {
                sb.append('\n');
                if (blank || !line.isEmpty()) {
                    sb.append(pad);
                }
            }
            sb.append(line);
        }
        return first ? pad + sb : sb.toString();
    }

    /** Names of all filters (for documentation and tests). */
    static Set<String> names() {
        return new LinkedHashSet<>(FILTERS.keySet());
    }
}
