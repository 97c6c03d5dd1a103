package io.sftstream.chattemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** Python's {@code str % args} and {@code str.format(...)} for the common conversions. */
final class PyFormat {

    /** Stands for None in the one-argument list ({@code List.of} refuses null). */
    private static final Object NONE = new Object();

    private PyFormat() {
    }

    /** {@code format % args}: {@code %s %r %d %i %f %.Nf %%}. */
    static String percent(final String format, final Object args) {
        final List<?> values = args instanceof PyTuple t ? t : List.of(nullSafe(args));
        final StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            final char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            Integer precision = null;
            if (j < format.length() && format.charAt(j) == '.') {
                int k = j + 1;
                while (k < format.length() && Character.isDigit(format.charAt(k))) {
                    k++;
                }
                precision = Integer.parseInt(format.substring(j + 1, k));
                j = k;
            }
            if (j >= format.length()) {
                throw new ChatTemplateException("ValueError: incomplete format");
            }
            final char conv = format.charAt(j);
            if (conv == '%') {
                sb.append('%');
                i = j;
                continue;
            }
            if (next >= values.size()) {
                throw PyOps.typeError("not enough arguments for format string");
            }
            final Object v = unwrap(values.get(next++));
            switch (conv) {
                case 's' -> sb.append(PyOps.str(v));
                case 'r' -> sb.append(PyOps.repr(v));
                case 'd', 'i' -> {
                    if (!PyOps.isNumber(v)) {
                        throw PyOps.typeError("%" + conv + " format: a real number is required, "
                                + "not " + PyOps.typeName(v));
                    }
                    sb.append(PyOps.isFloat(v) ? BigDecimal.valueOf(PyOps.toDouble(v))
                            .toBigInteger().toString() : PyOps.toBig(v).toString());
                }
                case 'f' -> {
                    if (!PyOps.isNumber(v)) {
                        throw PyOps.typeError("must be real number, not " + PyOps.typeName(v));
                    }
                    sb.append(new BigDecimal(PyOps.toDouble(v)).setScale(
                            precision == null ? 6 : precision, RoundingMode.HALF_EVEN)
                            .toPlainString());
                }
                default -> throw new ChatTemplateException("ValueError: unsupported format "
                        + "character '" + conv + "'");
            }
            i = j;
        }
        if (next < values.size()) {
            throw PyOps.typeError("not all arguments converted during string formatting");
        }
        return sb.toString();
    }

    private static Object nullSafe(final Object v) {
        return v == null ? NONE : v;
    }

    private static Object unwrap(final Object v) {
        return v == NONE ? null : v;
    }

    /** {@code format.format(*args, **kwargs)}: {@code {}}, {@code {0}}, {@code {name}}. */
    static String format(final String format, final List<Object> args,
                         final Map<String, Object> kwargs) {
        final StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < format.length(); i++) {
            final char c = format.charAt(i);
            if (c == '{' && i + 1 < format.length() && format.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < format.length() && format.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                final int end = format.indexOf('}', i);
                if (end < 0) {
                    throw new ChatTemplateException("ValueError: Single '{' encountered in format "
                            + "string");
                }
                String field = format.substring(i + 1, end);
                boolean repr = false;
                if (field.endsWith("!r")) {
                    repr = true;
                    field = field.substring(0, field.length() - 2);
                } else if (field.endsWith("!s")) {
                    field = field.substring(0, field.length() - 2);
                }
                if (field.contains(":")) {
                    throw new ChatTemplateException("ValueError: format specifications are not "
                            + "supported: {" + field + "}");
                }
                final Object v;
                if (field.isEmpty()) {
                    if (auto >= args.size()) {
                        throw new ChatTemplateException("IndexError: Replacement index " + auto
                                + " out of range for positional args tuple");
                    }
                    v = args.get(auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    final int n = Integer.parseInt(field);
                    if (n >= args.size()) {
                        throw new ChatTemplateException("IndexError: Replacement index " + n
                                + " out of range for positional args tuple");
                    }
                    v = args.get(n);
                } else {
                    if (!kwargs.containsKey(field)) {
                        throw new ChatTemplateException("KeyError: '" + field + "'");
                    }
                    v = kwargs.get(field);
                }
                sb.append(repr ? PyOps.repr(v) : PyOps.str(v));
                i = end;
            } else if (c == '}') {
                throw new ChatTemplateException("ValueError: Single '}' encountered in format "
                        + "string");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
