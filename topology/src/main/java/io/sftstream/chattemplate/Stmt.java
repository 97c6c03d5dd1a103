package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A statement of the template: text, {@code {{ }}} output or a block tag. */
interface Stmt {

    void exec(StringBuilder out, Scope scope);

    static void execAll(final List<Stmt> body, final StringBuilder out, final Scope scope) {
        for (int i = 0, n = body.size(); i < n; i++) {
            body.get(i).exec(out, scope);
        }
    }

    record Text(String text) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            out.append(text);
        }
    }

    record Output(Expr expr) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            out.append(PyOps.str(expr.eval(scope)));
        }
    }

    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            for (int i = 0; i < tests.size(); i++) {
                if (PyOps.truthy(tests.get(i).eval(scope))) {
                    execAll(bodies.get(i), out, scope);
                    return;
                }
            }
            execAll(otherwise, out, scope);
        }
    }

    /** Thrown by {@code break} and {@code continue}; caught by the enclosing loop. */
    final class LoopControl extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final LoopControl BREAK = new LoopControl();
        static final LoopControl CONTINUE = new LoopControl();

        private LoopControl() {
            super(null, null, false, false);
        }
    }

    record Break() implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            throw LoopControl.BREAK;
        }
    }

    record Continue() implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            throw LoopControl.CONTINUE;
        }
    }

    record For(List<String> targets, Expr iterable, Expr condition, List<Stmt> body,
               List<Stmt> otherwise) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            List<Object> items = PyOps.iterate(iterable.eval(scope));
            if (condition != null) {
                final List<Object> kept = new ArrayList<>();
                for (final Object item : items) {
                    final Scope s = new Scope(scope);
                    bind(s, item);
                    if (PyOps.truthy(condition.eval(s))) {
                        kept.add(item);
                    }
                }
                items = kept;
            }
            if (items.isEmpty()) {
                execAll(otherwise, out, scope);
                return;
            }
            final Loop loop = new Loop(items);
            for (int i = 0; i < items.size(); i++) {
                loop.index0 = i;
                final Scope s = new Scope(scope);
                s.set("loop", loop);
                bind(s, items.get(i));
                try {
                    execAll(body, out, s);
                } catch (final LoopControl control) {
                    if (control == LoopControl.BREAK) {
                        break;
                    }
                }
            }
        }

        private void bind(final Scope s, final Object item) {
            Assign.bind(targets, item, s);
        }
    }

    record Assign(List<String> targets, Expr value) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            bind(targets, value.eval(scope), scope);
        }

        static void bind(final List<String> targets, final Object value, final Scope scope) {
            if (targets.size() == 1) {
                scope.set(targets.get(0), value);
                return;
            }
            final List<Object> parts = PyOps.iterate(value);
            if (parts.size() != targets.size()) {
                throw new ChatTemplateException("ValueError: " + (parts.size() > targets.size()
                        ? "too many values to unpack (expected " + targets.size() + ")"
                        : "not enough values to unpack (expected " + targets.size() + ", got "
                        + parts.size() + ")"));
            }
            for (int i = 0; i < targets.size(); i++) {
                scope.set(targets.get(i), parts.get(i));
            }
        }
    }

    record AssignAttribute(String namespace, String attribute, Expr value) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            final Object target = scope.lookup(namespace);
            if (!(target instanceof Namespace ns)) {
                throw new ChatTemplateException("TemplateRuntimeError: cannot assign attribute "
                        + "on non-namespace object");
            }
            ns.attributes.put(attribute, value.eval(scope));
        }
    }

    record AssignBlock(String name, List<Stmt> body, List<Expr.Filter> filters)
            implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            final StringBuilder captured = new StringBuilder();
            execAll(body, captured, scope);
            scope.set(name, FilterBlock.applyFilters(captured.toString(), filters, scope));
        }
    }

    record FilterBlock(List<Stmt> body, List<Expr.Filter> filters) implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            final StringBuilder captured = new StringBuilder();
            execAll(body, captured, scope);
            out.append(PyOps.str(applyFilters(captured.toString(), filters, scope)));
        }

        static Object applyFilters(final Object value, final List<Expr.Filter> filters,
                                   final Scope scope) {
            Object v = value;
            for (final Expr.Filter f : filters) {
                v = f.filter().apply(v, f.args().evalPositional(scope),
                        f.args().evalKeywords(scope));
            }
            return v;
        }
    }

    record Macro(String name, List<String> params, List<Expr> defaults, List<Stmt> body)
            implements Stmt {
        @Override
        public void exec(final StringBuilder out, final Scope scope) {
            scope.set(name, callable(scope));
        }

        private PyCallable callable(final Scope definition) {
            return (args, kwargs) -> {
                final Scope s = new Scope(definition);
                final int firstDefault = params.size() - defaults.size();
                for (int i = 0; i < params.size(); i++) {
                    final String p = params.get(i);
                    if (i < args.size()) {
                        s.set(p, args.get(i));
                    } else if (kwargs.containsKey(p)) {
                        s.set(p, kwargs.get(p));
                    } else if (i >= firstDefault) {
                        s.set(p, defaults.get(i - firstDefault).eval(s));
                    } else {
                        s.set(p, Undefined.withHint("parameter '" + p + "' was not provided"));
                    }
                }
                s.set("varargs", args.size() > params.size()
                        ? new ArrayList<>(args.subList(params.size(), args.size()))
                        : new ArrayList<>());
                final Map<String, Object> extra = new LinkedHashMap<>(kwargs);
                extra.keySet().removeAll(params);
                s.set("kwargs", extra);
                final StringBuilder sb = new StringBuilder();
                execAll(body, sb, s);
                return sb.toString();
            };
        }
    }
}
