package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An expression of the template, evaluated with Python semantics ({@link PyOps}). */
interface Expr {

    Object eval(Scope scope);

    record Const(Object value) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return value;
        }
    }

    record Name(String name) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Object v = scope.lookup(name);
            return v == Scope.MISSING ? Undefined.name(name) : v;
        }
    }

    record GetAttr(Expr target, String name) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return PyMethods.getAttr(target.eval(scope), name);
        }
    }

    record GetItem(Expr target, Expr key) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return PyMethods.getItem(target.eval(scope), key.eval(scope));
        }
    }

    record Slice(Expr target, Expr start, Expr stop, Expr step) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Object t = target.eval(scope);
            return PyMethods.slice(t, start == null ? null : start.eval(scope),
                    stop == null ? null : stop.eval(scope), step == null ? null
                            : step.eval(scope));
        }
    }

    /** Positional and keyword arguments of a call, a filter or a test. */
    record Arguments(List<Expr> positional, List<String> names, List<Expr> values) {
        static final Arguments NONE = new Arguments(List.of(), List.of(), List.of());

        List<Object> evalPositional(final Scope scope) {
            if (positional.isEmpty()) {
                return List.of();
            }
            final List<Object> out = new ArrayList<>(positional.size());
            for (final Expr e : positional) {
                out.add(e.eval(scope));
            }
            return out;
        }

        Map<String, Object> evalKeywords(final Scope scope) {
            if (names.isEmpty()) {
                return Map.of();
            }
            final Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), values.get(i).eval(scope));
            }
            return out;
        }
    }

    record Call(Expr callee, Arguments args) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            if (callee instanceof GetAttr attr) {
                final Object target = attr.target().eval(scope);
                return PyMethods.callAttr(target, attr.name(), args.evalPositional(scope),
                        args.evalKeywords(scope));
            }
            final Object fn = callee.eval(scope);
            return PyMethods.callValue(fn, args.evalPositional(scope), args.evalKeywords(scope));
        }
    }

    record Filter(Expr value, String name, JinjaFilters.Filter filter, Arguments args)
            implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return filter.apply(value == null ? null : value.eval(scope),
                    args.evalPositional(scope), args.evalKeywords(scope));
        }
    }

    record Test(Expr value, String name, JinjaTests.Test test, Arguments args, boolean negated)
            implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return test.test(value.eval(scope), args.evalPositional(scope)) != negated;
        }
    }

    enum Op { ADD, SUB, MUL, DIV, FLOORDIV, MOD, POW }

    record Binary(Op op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Object a = left.eval(scope);
            final Object b = right.eval(scope);
            return switch (op) {
                case ADD -> PyOps.add(a, b);
                case SUB -> PyOps.sub(a, b);
                case MUL -> PyOps.mul(a, b);
                case DIV -> PyOps.div(a, b);
                case FLOORDIV -> PyOps.floorDiv(a, b);
                case MOD -> PyOps.mod(a, b);
                case POW -> PyOps.pow(a, b);
            };
        }
    }

    record Concat(List<Expr> parts) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final StringBuilder sb = new StringBuilder();
            for (final Expr e : parts) {
                sb.append(PyOps.str(e.eval(scope)));
            }
            return sb.toString();
        }
    }

    record And(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Object a = left.eval(scope);
            return PyOps.truthy(a) ? right.eval(scope) : a;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Object a = left.eval(scope);
            return PyOps.truthy(a) ? a : right.eval(scope);
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return !PyOps.truthy(operand.eval(scope));
        }
    }

    record Neg(Expr operand) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return PyOps.neg(operand.eval(scope));
        }
    }

    record Pos(Expr operand) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            return PyOps.pos(operand.eval(scope));
        }
    }

    /** A chain {@code a < b <= c}: each comparison with the next operand, short-circuited. */
    record Compare(Expr first, List<String> ops, List<Expr> operands) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            Object left = first.eval(scope);
            for (int i = 0; i < ops.size(); i++) {
                final Object right = operands.get(i).eval(scope);
                if (!compare(ops.get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }

        private static boolean compare(final String op, final Object a, final Object b) {
            return switch (op) {
                case "==" -> PyOps.eq(a, b);
                case "!=" -> !PyOps.eq(a, b);
                case "in" -> PyOps.contains(b, a);
                case "notin" -> !PyOps.contains(b, a);
                case "<" -> {
                    final int c = PyOps.compare(a, b, op);
                    yield c != 2 && c < 0;
                }
                case "<=" -> {
                    final int c = PyOps.compare(a, b, op);
                    yield c != 2 && c <= 0;
                }
                case ">" -> {
                    final int c = PyOps.compare(a, b, op);
                    yield c != 2 && c > 0;
                }
                default -> {
                    final int c = PyOps.compare(a, b, op);
                    yield c != 2 && c >= 0;
                }
            };
        }
    }

    record Conditional(Expr test, Expr then, Expr otherwise) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            if (PyOps.truthy(test.eval(scope))) {
                return then.eval(scope);
            }
            return otherwise == null ? Undefined.withHint(
                    "the inline if-expression evaluated to false and no else section was "
                            + "defined.") : otherwise.eval(scope);
        }
    }

    record ListLiteral(List<Expr> items) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final List<Object> out = new ArrayList<>(items.size());
            for (final Expr e : items) {
                out.add(e.eval(scope));
            }
            return out;
        }
    }

    record TupleLiteral(List<Expr> items) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Object[] out = new Object[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = items.get(i).eval(scope);
            }
            return new PyTuple(out);
        }
    }

    record DictLiteral(List<Expr> keys, List<Expr> values) implements Expr {
        @Override
        public Object eval(final Scope scope) {
            final Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i).eval(scope), values.get(i).eval(scope));
            }
            return out;
        }
    }
}
