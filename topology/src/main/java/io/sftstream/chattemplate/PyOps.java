package io.sftstream.chattemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's semantics for the values a template sees: {@code null} is {@code None}, Boolean,
 * Integer/Long/BigInteger are {@code int}, Double/Float/BigDecimal are {@code float}, String,
 * List ({@link PyTuple} for tuples), Map (insertion-ordered), {@link Undefined}, {@link
 * Namespace}, {@link Loop} and {@link PyCallable}. Failures are {@link ChatTemplateException}s
 * whose messages read like Python's ({@code TypeError: ...}).
 */
final class PyOps {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private PyOps() {
    }

    static ChatTemplateException typeError(final String message) {
        return new ChatTemplateException("TypeError: " + message);
    }

    // ---- kinds ---------------------------------------------------------------------------

    static boolean isIntegral(final Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Boolean
                || v instanceof BigInteger || v instanceof Short || v instanceof Byte;
    }

    static boolean isFloat(final Object v) {
        return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    static boolean isNumber(final Object v) {
        return isIntegral(v) || isFloat(v);
    }

    static boolean isList(final Object v) {
        return v instanceof List;
    }

    static String typeName(final Object v) {
        if (v == null) {
            return "NoneType";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (isIntegral(v)) {
            return "int";
        } else if (isFloat(v)) {
            return "float";
        } else if (v instanceof String) {
            return "str";
        } else if (v instanceof PyTuple) {
            return "tuple";
        } else if (v instanceof List) {
            return "list";
        } else if (v instanceof Map) {
            return "dict";
        } else if (v instanceof Undefined) {
            return "Undefined";
        } else if (v instanceof Namespace) {
            return "Namespace";
        } else if (v instanceof Loop) {
            return "LoopContext";
        } else if (v instanceof PyCallable) {
            return "function";
        }
        return v.getClass().getSimpleName();
    }

    /** jinja2's {@code object_type_repr}, used in undefined-value messages. */
    static String objectTypeRepr(final Object v) {
        if (v == null) {
            return "None";
        } else if (v instanceof Namespace) {
            return "jinja2.utils.Namespace object";
        } else if (v instanceof Loop) {
            return "jinja2.runtime.LoopContext object";
        }
        return typeName(v) + " object";
    }

    // ---- conversions ---------------------------------------------------------------------

    static long toLong(final Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (v instanceof BigInteger bi) {
            return bi.longValueExact();
        }
        return ((Number) v).longValue();
    }

    static BigInteger toBig(final Object v) {
        if (v instanceof BigInteger bi) {
            return bi;
        }
        return BigInteger.valueOf(toLong(v));
    }

    static double toDouble(final Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    static Object normalise(final BigInteger v) {
        return v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0 ? (Object) v.longValue()
                : v;
    }

    /** An int index argument ({@code int} or {@code bool}), or an error naming the use. */
    static long index(final Object v, final String what) {
        if (isIntegral(v) && !(v instanceof BigInteger)) {
            return toLong(v);
        }
        throw typeError(what + " must be integers, not " + typeName(v));
    }

    // ---- str / repr ----------------------------------------------------------------------

    static boolean truthy(final Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        } else if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof String s) {
            return !s.isEmpty();
        } else if (v instanceof List<?> l) {
            return !l.isEmpty();
        } else if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        } else if (v instanceof BigInteger bi) {
            return bi.signum() != 0;
        } else if (v instanceof BigDecimal bd) {
            return bd.signum() != 0;
        } else if (isFloat(v)) {
            return toDouble(v) != 0;
        } else if (isIntegral(v)) {
            return toLong(v) != 0;
        }
        return true;
    }

    /** Python's {@code str(v)}, which is what {@code {{ v }}} prints. */
    static String str(final Object v) {
        if (v instanceof String s) {
            return s;
        } else if (v == null) {
            return "None";
        } else if (v instanceof Boolean b) {
            return b ? "True" : "False";
        } else if (v instanceof Undefined) {
            return "";
        } else if (isFloat(v)) {
            return floatRepr(toDouble(v));
        } else if (isIntegral(v)) {
            return v.toString();
        } else if (v instanceof Namespace || v instanceof List || v instanceof Map) {
            return repr(v);
        } else if (v instanceof Loop loop) {
            return "<LoopContext " + (loop.index0 + 1) + "/" + loop.items.size() + ">";
        } else if (v instanceof PyCallable) {
            return "<function>";
        }
        return v.toString();
    }

    static String repr(final Object v) {
        if (v instanceof String s) {
            return PyStrings.repr(s);
        } else if (v instanceof Undefined) {
            return "Undefined";
        } else if (v instanceof PyTuple t) {
            final StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(repr(t.get(i)));
            }
            return sb.append(t.size() == 1 ? ",)" : ")").toString();
        } else if (v instanceof List<?> l) {
            final StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        } else if (v instanceof Map<?, ?> m) {
            final StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (final Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ")
                        .append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        return str(v);
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, {@code 1e-05}, {@code 1.0}. */
    static String floatRepr(final double d) {
        if (Double.isNaN(d)) {
            return "nan";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        } else if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        final BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        final String digits = bd.unscaledValue().toString();
        final int exp = digits.length() - 1 - bd.scale();
        final StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (exp < -4 || exp >= 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            final int a = Math.abs(exp);
            sb.append(a < 10 ? "0" : "").append(a);
        } else if (exp < 0) {
            sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
        } else if (digits.length() <= exp + 1) {
            sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return sb.toString();
    }

    // ---- comparison ----------------------------------------------------------------------

    static boolean eq(final Object a, final Object b) {
        if (a == b) {
            return true;
        } else if (a == null || b == null) {
            return false;
        } else if (a instanceof String sa) {
            return b instanceof String && sa.equals(b);
        } else if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b) == 0;
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            if ((a instanceof PyTuple) != (b instanceof PyTuple) || la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (final Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !eq(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        } else if (a instanceof Undefined && b instanceof Undefined) {
            return true;
        }
        return a.equals(b);
    }

    private static int compareNumbers(final Object a, final Object b) {
        if (isFloat(a) || isFloat(b)) {
            final double x = toDouble(a);
            final double y = toDouble(b);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return 2;
            }
            if (isIntegral(a) && !Double.isInfinite(y)) {
                return new BigDecimal(toBig(a)).compareTo(new BigDecimal(y));
            }
            if (isIntegral(b) && !Double.isInfinite(x)) {
                return new BigDecimal(x).compareTo(new BigDecimal(toBig(b)));
            }
            return Double.compare(x, y);
        }
        if (a instanceof BigInteger || b instanceof BigInteger) {
            return toBig(a).compareTo(toBig(b));
        }
        return Long.compare(toLong(a), toLong(b));
    }

    /** Python's ordering ({@code <} and friends): numbers, strings, lists and tuples. */
    static int compare(final Object a, final Object b, final String op) {
        if (a instanceof Undefined u) {
            throw u.fail();
        } else if (b instanceof Undefined u) {
            throw u.fail();
        } else if (isNumber(a) && isNumber(b)) {
            final int c = compareNumbers(a, b);
            if (c == 2) {
                return 2;
            }
            return c;
        } else if (a instanceof String sa && b instanceof String sb) {
            return compareCodePoints(sa, sb);
        } else if (a instanceof List<?> la && b instanceof List<?> lb
                && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return compare(la.get(i), lb.get(i), op);
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        throw typeError("'" + op + "' not supported between instances of '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    private static int compareCodePoints(final String a, final String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            final int x = a.codePointAt(i);
            final int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Python's {@code item in container}. */
    static boolean contains(final Object container, final Object item) {
        if (container instanceof String s) {
            if (item instanceof String t) {
                return s.contains(t);
            }
            if (item instanceof Undefined u) {
                throw u.fail();
            }
            throw typeError("'in <string>' requires string as left operand, not "
                    + typeName(item));
        } else if (container instanceof List<?> l) {
            for (final Object o : l) {
                if (eq(o, item)) {
                    return true;
                }
            }
            return false;
        } else if (container instanceof Map<?, ?> m) {
            if (m.containsKey(item)) {
                return true;
            }
            if (isNumber(item)) {
                for (final Object k : m.keySet()) {
                    if (eq(k, item)) {
                        return true;
                    }
                }
            }
            return false;
        } else if (container instanceof Undefined) {
            return false;
        }
        throw typeError("argument of type '" + typeName(container) + "' is not iterable");
    }

    // ---- sizes and iteration -------------------------------------------------------------

    static int len(final Object v) {
        if (v instanceof String s) {
            return PyStrings.length(s);
        } else if (v instanceof List<?> l) {
            return l.size();
        } else if (v instanceof Map<?, ?> m) {
            return m.size();
        } else if (v instanceof Undefined) {
            return 0;
        } else if (v instanceof Namespace || v instanceof Loop) {
            return v instanceof Loop loop ? loop.items.size() : 0;
        }
        throw typeError("object of type '" + typeName(v) + "' has no len()");
    }

    /** The items {@code for x in v} visits: list items, dict keys, string characters. */
    @SuppressWarnings("unchecked")
    static List<Object> iterate(final Object v) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        } else if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        } else if (v instanceof String s) {
            final List<Object> out = new ArrayList<>(s.length());
            for (int i = 0; i < s.length(); ) {
                final int cp = s.codePointAt(i);
                out.add(new String(Character.toChars(cp)));
                i += Character.charCount(cp);
            }
            return out;
        } else if (v instanceof Undefined) {
            return List.of();
        } else if (v instanceof Iterable<?> it) {
            final List<Object> out = new ArrayList<>();
            final Iterator<?> i = it.iterator();
            while (i.hasNext()) {
                out.add(i.next());
            }
            return out;
        }
        throw typeError("'" + typeName(v) + "' object is not iterable");
    }

    // ---- arithmetic ----------------------------------------------------------------------

    private static void failIfUndefined(final Object a, final Object b) {
        if (a instanceof Undefined u) {
            throw u.fail();
        } else if (b instanceof Undefined u) {
            throw u.fail();
        }
    }

    private static ChatTemplateException unsupported(final String op, final Object a,
                                                     final Object b) {
        return typeError("unsupported operand type(s) for " + op + ": '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    static Object add(final Object a, final Object b) {
        if (a instanceof String sa && b instanceof String sb) {
            return sa.concat(sb);
        }
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return toDouble(a) + toDouble(b);
            }
            if (!(a instanceof BigInteger) && !(b instanceof BigInteger)) {
                final long x = toLong(a);
                final long y = toLong(b);
                final long r = x + y;
                if (((x ^ r) & (y ^ r)) >= 0) {
                    return r;
                }
            }
            return normalise(toBig(a).add(toBig(b)));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb
                && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            final List<Object> out = new ArrayList<>(la);
            out.addAll(lb);
            return a instanceof PyTuple ? new PyTuple(out) : out;
        }
        if (a instanceof String || a instanceof List && !(a instanceof PyTuple)) {
            final String kind = typeName(a);
            throw typeError("can only concatenate " + kind + " (not \"" + typeName(b) + "\") to "
                    + kind);
        }
        throw unsupported("+", a, b);
    }

    static Object sub(final Object a, final Object b) {
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return toDouble(a) - toDouble(b);
            }
            return normalise(toBig(a).subtract(toBig(b)));
        }
        throw unsupported("-", a, b);
    }

    static Object mul(final Object a, final Object b) {
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return toDouble(a) * toDouble(b);
            }
            return normalise(toBig(a).multiply(toBig(b)));
        }
        if (isIntegral(a) && (b instanceof String || b instanceof List)) {
            return mul(b, a);
        }
        if (a instanceof String s && isIntegral(b)) {
            final long n = toLong(b);
            return n <= 0 ? "" : s.repeat((int) n);
        }
        if (a instanceof List<?> l && isIntegral(b)) {
            final List<Object> out = new ArrayList<>();
            for (long i = 0; i < toLong(b); i++) {
                out.addAll(l);
            }
            return a instanceof PyTuple ? new PyTuple(out) : out;
        }
        throw unsupported("*", a, b);
    }

    static Object div(final Object a, final Object b) {
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            final double y = toDouble(b);
            if (y == 0) {
                throw new ChatTemplateException("ZeroDivisionError: division by zero");
            }
            return toDouble(a) / y;
        }
        throw unsupported("/", a, b);
    }

    static Object floorDiv(final Object a, final Object b) {
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                final double y = toDouble(b);
                if (y == 0) {
                    throw new ChatTemplateException("ZeroDivisionError: float floor division by "
                            + "zero");
                }
                return Math.floor(toDouble(a) / y);
            }
            final BigInteger y = toBig(b);
            if (y.signum() == 0) {
                throw new ChatTemplateException("ZeroDivisionError: integer division or modulo "
                        + "by zero");
            }
            final BigInteger[] qr = toBig(a).divideAndRemainder(y);
            BigInteger q = qr[0];
            if (qr[1].signum() != 0 && qr[1].signum() != y.signum()) {
                q = q.subtract(BigInteger.ONE);
            }
            return normalise(q);
        }
        throw unsupported("//", a, b);
    }

    static Object mod(final Object a, final Object b) {
        if (a instanceof String s) {
            return PyFormat.percent(s, b);
        }
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                final double x = toDouble(a);
                final double y = toDouble(b);
                if (y == 0) {
                    throw new ChatTemplateException("ZeroDivisionError: float modulo");
                }
                double r = x % y;
                if (r == 0) {
                    r = Math.copySign(0.0, y);
                } else if ((r < 0) != (y < 0)) {
                    r += y;
                }
                return r;
            }
            final BigInteger y = toBig(b);
            if (y.signum() == 0) {
                throw new ChatTemplateException("ZeroDivisionError: integer division or modulo "
                        + "by zero");
            }
            BigInteger r = toBig(a).mod(y.abs());
            if (y.signum() < 0 && r.signum() != 0) {
                r = r.add(y);
            }
            return normalise(r);
        }
        throw unsupported("%", a, b);
    }

    static Object pow(final Object a, final Object b) {
        failIfUndefined(a, b);
        if (isNumber(a) && isNumber(b)) {
            if (isIntegral(a) && isIntegral(b) && toBig(b).signum() >= 0) {
                return normalise(toBig(a).pow(toBig(b).intValueExact()));
            }
            return Math.pow(toDouble(a), toDouble(b));
        }
        throw unsupported("** or pow()", a, b);
    }

    static Object neg(final Object a) {
        if (a instanceof Undefined u) {
            throw u.fail();
        }
        if (isFloat(a)) {
            return -toDouble(a);
        }
        if (isIntegral(a)) {
            return normalise(toBig(a).negate());
        }
        throw typeError("bad operand type for unary -: '" + typeName(a) + "'");
    }

    static Object pos(final Object a) {
        if (a instanceof Undefined u) {
            throw u.fail();
        }
        if (isFloat(a)) {
            return toDouble(a);
        }
        if (isIntegral(a)) {
            return normalise(toBig(a));
        }
        throw typeError("bad operand type for unary +: '" + typeName(a) + "'");
    }
}
