package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=separators,
 * sort_keys=sort_keys)}, which transformers installs as the {@code tojson} filter: separators
 * {@code ", "} and {@code ": "} (or {@code ","} and {@code ": "} with an indent), non-ASCII
 * written as is, {@code NaN}/{@code Infinity} for special floats.
 */
final class PyJson {

    private PyJson() {
    }

    /**
     * @param indent    null for one line, else the indent string of one level
     * @param itemSep   the separator between items
     * @param keySep    the separator between a key and its value
     */
    static String dumps(final Object value, final String indent, final String itemSep,
                        final String keySep, final boolean sortKeys) {
        final StringBuilder sb = new StringBuilder();
        write(sb, value, indent, itemSep, keySep, sortKeys, 0);
        return sb.toString();
    }

    private static void write(final StringBuilder sb, final Object v, final String indent,
                              final String itemSep, final String keySep,
                              final boolean sortKeys, final int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (PyOps.isFloat(v)) {
            final double d = PyOps.toDouble(v);
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d)
                    ? (d > 0 ? "Infinity" : "-Infinity") : PyOps.floatRepr(d));
        } else if (PyOps.isIntegral(v)) {
            sb.append(v);
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(itemSep);
                }
                newline(sb, indent, level + 1);
                write(sb, l.get(i), indent, itemSep, keySep, sortKeys, level + 1);
            }
            newline(sb, indent, level);
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sortKeys) {
                entries.sort((x, y) -> PyOps.compare(x.getKey(), y.getKey(), "<"));
            }
            sb.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> e : entries) {
                if (!first) {
                    sb.append(itemSep);
                }
                first = false;
                newline(sb, indent, level + 1);
                string(sb, key(e.getKey()));
                sb.append(keySep);
                write(sb, e.getValue(), indent, itemSep, keySep, sortKeys, level + 1);
            }
            newline(sb, indent, level);
            sb.append('}');
        } else {
            throw PyOps.typeError("Object of type " + PyOps.typeName(v)
                    + " is not JSON serializable");
        }
    }

    private static String key(final Object k) {
        if (k instanceof String s) {
            return s;
        } else if (k == null) {
            return "null";
        } else if (k instanceof Boolean b) {
            return b ? "true" : "false";
        } else if (PyOps.isNumber(k)) {
            return PyOps.str(k);
        }
        throw PyOps.typeError("keys must be str, int, float, bool or None, not "
                + PyOps.typeName(k));
    }

    private static void newline(final StringBuilder sb, final String indent, final int level) {
        if (indent != null) {
            sb.append('\n');
            for (int i = 0; i < level; i++) {
                sb.append(indent);
            }
        }
    }

    private static void string(final StringBuilder sb, final String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
