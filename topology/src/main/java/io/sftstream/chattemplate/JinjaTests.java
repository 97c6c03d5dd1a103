package io.sftstream.chattemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** jinja2's built-in tests ({@code is defined}, {@code is string}, ...), by name. */
final class JinjaTests {

    @FunctionalInterface
    interface Test {
        boolean test(Object value, List<Object> args);
    }

    private static final Map<String, Test> TESTS = new HashMap<>();

    static {
        TESTS.put("defined", (v, a) -> !(v instanceof Undefined));
        TESTS.put("undefined", (v, a) -> v instanceof Undefined);
        TESTS.put("none", (v, a) -> v == null);
        TESTS.put("boolean", (v, a) -> v instanceof Boolean);
        TESTS.put("true", (v, a) -> Boolean.TRUE.equals(v));
        TESTS.put("false", (v, a) -> Boolean.FALSE.equals(v));
        TESTS.put("string", (v, a) -> v instanceof String);
        TESTS.put("number", (v, a) -> PyOps.isNumber(v));
        TESTS.put("integer", (v, a) -> PyOps.isIntegral(v) && !(v instanceof Boolean));
        TESTS.put("float", (v, a) -> PyOps.isFloat(v));
        TESTS.put("mapping", (v, a) -> v instanceof Map);
        TESTS.put("iterable", (v, a) -> v instanceof String || v instanceof List
                || v instanceof Map || v instanceof Undefined);
        TESTS.put("sequence", (v, a) -> v instanceof String || v instanceof List
                || v instanceof Map);
        TESTS.put("callable", (v, a) -> v instanceof PyCallable);
        TESTS.put("odd", (v, a) -> PyOps.toLong(PyOps.mod(v, 2L)) == 1);
        TESTS.put("even", (v, a) -> PyOps.toLong(PyOps.mod(v, 2L)) == 0);
        TESTS.put("divisibleby", (v, a) -> PyOps.toLong(PyOps.mod(v, a.get(0))) == 0);
        TESTS.put("lower", (v, a) -> v instanceof String s && s.equals(PyStrings.lower(s)));
        TESTS.put("upper", (v, a) -> v instanceof String s && s.equals(PyStrings.upper(s)));
        TESTS.put("sameas", (v, a) -> v == a.get(0) || v != null && isSingleton(v)
                && v.equals(a.get(0)));
        TESTS.put("escaped", (v, a) -> false);
        TESTS.put("in", (v, a) -> PyOps.contains(a.get(0), v));
        TESTS.put("filter", (v, a) -> v instanceof String s && JinjaFilters.get(s) != null);
        TESTS.put("test", (v, a) -> v instanceof String s && TESTS.containsKey(s));
        final Test eq = (v, a) -> PyOps.eq(v, a.get(0));
        TESTS.put("eq", eq);
        TESTS.put("equalto", eq);
        TESTS.put("==", eq);
        final Test ne = (v, a) -> !PyOps.eq(v, a.get(0));
        TESTS.put("ne", ne);
        TESTS.put("!=", ne);
        final Test lt = (v, a) -> ordered(v, a.get(0), "<", -1);
        TESTS.put("lt", lt);
        TESTS.put("lessthan", lt);
        TESTS.put("<", lt);
        final Test le = (v, a) -> ordered(v, a.get(0), "<=", -1)
                || PyOps.eq(v, a.get(0));
        TESTS.put("le", le);
        TESTS.put("<=", le);
        final Test gt = (v, a) -> ordered(v, a.get(0), ">", 1);
        TESTS.put("gt", gt);
        TESTS.put("greaterthan", gt);
        TESTS.put(">", gt);
        final Test ge = (v, a) -> ordered(v, a.get(0), ">=", 1) || PyOps.eq(v, a.get(0));
        TESTS.put("ge", ge);
        TESTS.put(">=", ge);
    }

    private JinjaTests() {
    }

    private static boolean isSingleton(final Object v) {
        return v instanceof Boolean;
    }

    /** Whether {@code a} sorts before ({@code sign} -1) or after (1) {@code b}. */
    private static boolean ordered(final Object a, final Object b, final String op,
                                   final int sign) {
        final int c = PyOps.compare(a, b, op);
        return c != 2 && Integer.signum(c) == sign;
    }

    static Test get(final String name) {
        return TESTS.get(name);
    }
}
