package io.sftstream.chattemplate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds the statement tree from tokens with jinja2's grammar and operator precedence. */
final class Parser {

    private static final Set<String> COMPARE = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final List<Token> tokens;
    private int at;

    private Parser(final List<Token> tokens) {
        this.tokens = tokens;
    }

    /** @throws Lexer.SyntaxError on any syntax error, unknown filter, test or tag */
    static List<Stmt> parse(final String source) {
        return new Parser(Lexer.tokenize(source)).subparse(Set.of(), null);
    }

    // ---- token helpers -------------------------------------------------------------------

    private Token cur() {
        return tokens.get(at);
    }

    private Token peek(final int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        final Token t = tokens.get(at);
        if (at < tokens.size() - 1) {
            at++;
        }
        return t;
    }

    private Lexer.SyntaxError fail(final String message) {
        return new Lexer.SyntaxError(message, cur().line());
    }

    private boolean skipOperator(final String op) {
        if (cur().isOperator(op)) {
            next();
            return true;
        }
        return false;
    }

    private boolean skipName(final String name) {
        if (cur().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    private void expectOperator(final String op) {
        if (!skipOperator(op)) {
            throw fail("expected token '" + op + "', got " + cur().describe());
        }
    }

    private String expectName() {
        if (cur().kind() != Token.Kind.NAME) {
            throw fail("expected a name, got " + cur().describe());
        }
        return next().text();
    }

    private void expectBlockEnd() {
        if (cur().kind() != Token.Kind.BLOCK_END) {
            throw fail("expected token 'end of statement block', got " + cur().describe());
        }
        next();
    }

    // ---- statements ----------------------------------------------------------------------

    private List<Stmt> subparse(final Set<String> endNames, final String innermost) {
        final List<Stmt> body = new ArrayList<>();
        while (true) {
            final Token t = cur();
            switch (t.kind()) {
                case DATA -> {
                    body.add(new Stmt.Text(t.text()));
                    next();
                }
                case VARIABLE_BEGIN -> {
                    next();
                    body.add(new Stmt.Output(parseTuple(true, false)));
                    if (cur().kind() != Token.Kind.VARIABLE_END) {
                        throw fail("expected token 'end of print statement', got "
                                + cur().describe());
                    }
                    next();
                }
                case BLOCK_BEGIN -> {
                    next();
                    final Token name = cur();
                    if (name.kind() == Token.Kind.NAME && endNames.contains(name.text())) {
                        return body;
                    }
                    body.add(statement());
                }
                case EOF -> {
                    if (!endNames.isEmpty()) {
                        throw fail("Unexpected end of template. Jinja was looking for the "
                                + "following tags: " + describe(endNames) + ". The innermost "
                                + "block that needs to be closed is '" + innermost + "'.");
                    }
                    return body;
                }
                default -> throw fail("unexpected " + t.describe());
            }
        }
    }

    private static String describe(final Set<String> names) {
        final List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        final List<String> quoted = new ArrayList<>();
        for (final String n : sorted) {
            quoted.add("'" + n + "'");
        }
        return String.join(" or ", quoted);
    }

    private Stmt statement() {
        final Token t = cur();
        if (t.kind() != Token.Kind.NAME) {
            throw fail("tag name expected");
        }
        next();
        switch (t.text()) {
            case "for" -> {
                return parseFor();
            }
            case "if" -> {
                return parseIf();
            }
            case "set" -> {
                return parseSet();
            }
            case "macro" -> {
                return parseMacro();
            }
            case "break" -> {
                expectBlockEnd();
                return new Stmt.Break();
            }
            case "continue" -> {
                expectBlockEnd();
                return new Stmt.Continue();
            }
            case "generation" -> {
                expectBlockEnd();
                final List<Stmt> body = subparse(Set.of("endgeneration"), "generation");
                next();
                expectBlockEnd();
                return (out, scope) -> Stmt.execAll(body, out, scope);
            }
            case "filter" -> {
                final List<Expr.Filter> filters = filterChain(true);
                expectBlockEnd();
                final List<Stmt> body = subparse(Set.of("endfilter"), "filter");
                next();
                expectBlockEnd();
                return new Stmt.FilterBlock(body, filters);
            }
            case "with" -> {
                return parseWith();
            }
            default -> {
                at--;
                throw fail("Encountered unknown tag '" + t.text() + "'.");
            }
        }
    }

    private Stmt parseFor() {
        final List<String> targets = assignNames();
        if (!skipName("in")) {
            throw fail("expected token 'in', got " + cur().describe());
        }
        final Expr iterable = parseTuple(false, false);
        Expr condition = null;
        if (skipName("if")) {
            condition = parseExpression(true);
        }
        if (cur().isName("recursive")) {
            throw fail("recursive loops are not supported");
        }
        expectBlockEnd();
        final List<Stmt> body = subparse(Set.of("endfor", "else"), "for");
        List<Stmt> otherwise = List.of();
        if (next().text().equals("else")) {
            expectBlockEnd();
            otherwise = subparse(Set.of("endfor"), "for");
            next();
        }
        expectBlockEnd();
        return new Stmt.For(targets, iterable, condition, body, otherwise);
    }

    private List<String> assignNames() {
        final boolean parens = skipOperator("(");
        final List<String> names = new ArrayList<>();
        names.add(expectName());
        while (skipOperator(",")) {
            if (cur().kind() != Token.Kind.NAME || cur().isName("in")) {
                break;
            }
            names.add(expectName());
        }
        if (parens) {
            expectOperator(")");
        }
        return names;
    }

    private Stmt parseIf() {
        final List<Expr> tests = new ArrayList<>();
        final List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        tests.add(parseTuple(false, false));
        expectBlockEnd();
        while (true) {
            bodies.add(subparse(Set.of("elif", "else", "endif"), "if"));
            final String tag = next().text();
            if (tag.equals("elif")) {
                tests.add(parseTuple(false, false));
                expectBlockEnd();
                continue;
            }
            if (tag.equals("else")) {
                expectBlockEnd();
                otherwise = subparse(Set.of("endif"), "if");
                next();
            }
            expectBlockEnd();
            return new Stmt.If(tests, bodies, otherwise);
        }
    }

    private Stmt parseSet() {
        final String first = expectName();
        if (skipOperator(".")) {
            final String attribute = expectName();
            expectOperator("=");
            final Expr value = parseTuple(true, false);
            expectBlockEnd();
            return new Stmt.AssignAttribute(first, attribute, value);
        }
        final List<String> names = new ArrayList<>();
        names.add(first);
        while (skipOperator(",")) {
            names.add(expectName());
        }
        if (skipOperator("=")) {
            final Expr value = parseTuple(true, false);
            expectBlockEnd();
            return new Stmt.Assign(names, value);
        }
        if (names.size() != 1) {
            throw fail("expected token '=', got " + cur().describe());
        }
        final List<Expr.Filter> filters = filterChain(false);
        expectBlockEnd();
        final List<Stmt> body = subparse(Set.of("endset"), "set");
        next();
        expectBlockEnd();
        return new Stmt.AssignBlock(first, body, filters);
    }

    private Stmt parseWith() {
        final List<String> names = new ArrayList<>();
        final List<Expr> values = new ArrayList<>();
        while (cur().kind() != Token.Kind.BLOCK_END) {
            if (!names.isEmpty()) {
                expectOperator(",");
            }
            names.add(expectName());
            expectOperator("=");
            values.add(parseExpression(true));
        }
        expectBlockEnd();
        final List<Stmt> body = subparse(Set.of("endwith"), "with");
        next();
        expectBlockEnd();
        return (out, scope) -> {
            final Scope s = new Scope(scope);
            for (int i = 0; i < names.size(); i++) {
                s.set(names.get(i), values.get(i).eval(scope));
            }
            Stmt.execAll(body, out, s);
        };
    }

    private Stmt parseMacro() {
        final String name = expectName();
        expectOperator("(");
        final List<String> params = new ArrayList<>();
        final List<Expr> defaults = new ArrayList<>();
        while (!cur().isOperator(")")) {
            if (!params.isEmpty()) {
                expectOperator(",");
                if (cur().isOperator(")")) {
                    break;
                }
            }
            params.add(expectName());
            if (skipOperator("=")) {
                defaults.add(parseExpression(true));
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument");
            }
        }
        next();
        expectBlockEnd();
        final List<Stmt> body = subparse(Set.of("endmacro"), "macro");
        next();
        expectBlockEnd();
        return new Stmt.Macro(name, params, defaults, body);
    }

    private List<Expr.Filter> filterChain(final boolean firstWithoutPipe) {
        final List<Expr.Filter> filters = new ArrayList<>();
        boolean first = firstWithoutPipe;
        while (first || skipOperator("|")) {
            first = false;
            filters.add(filter(new Expr.Const(null)));
        }
        return filters;
    }

    // ---- expressions ---------------------------------------------------------------------

    private boolean isTupleEnd() {
        final Token t = cur();
        return t.kind() == Token.Kind.VARIABLE_END || t.kind() == Token.Kind.BLOCK_END
                || t.isOperator(")");
    }

    private Expr parseTuple(final boolean withCondExpr, final boolean explicitParens) {
        final List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                expectOperator(",");
            }
            if (isTupleEnd()) {
                break;
            }
            items.add(parseExpression(withCondExpr));
            if (cur().isOperator(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (!items.isEmpty()) {
                return items.get(0);
            }
            if (!explicitParens) {
                throw fail("Expected an expression, got " + cur().describe());
            }
        }
        return new Expr.TupleLiteral(items);
    }

    private Expr parseExpression(final boolean withCondExpr) {
        return withCondExpr ? parseCondExpr() : parseOr();
    }

    private Expr parseCondExpr() {
        Expr expr = parseOr();
        while (skipName("if")) {
            final Expr test = parseOr();
            final Expr otherwise = skipName("else") ? parseCondExpr() : null;
            expr = new Expr.Conditional(test, expr, otherwise);
        }
        return expr;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (skipName("or")) {
            left = new Expr.Or(left, parseAnd());
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (skipName("and")) {
            left = new Expr.And(left, parseNot());
        }
        return left;
    }

    private Expr parseNot() {
        if (skipName("not")) {
            return new Expr.Not(parseNot());
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        final Expr first = parseMath1();
        final List<String> ops = new ArrayList<>();
        final List<Expr> operands = new ArrayList<>();
        while (true) {
            final Token t = cur();
            if (t.kind() == Token.Kind.OPERATOR && COMPARE.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && peek(1).isName("in")) {
                next();
                next();
                ops.add("notin");
            } else {
                break;
            }
            operands.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, operands);
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (cur().isOperator("+") || cur().isOperator("-")) {
            final Expr.Op op = next().text().equals("+") ? Expr.Op.ADD : Expr.Op.SUB;
            left = new Expr.Binary(op, left, parseConcat());
        }
        return left;
    }

    private Expr parseConcat() {
        final Expr first = parseMath2();
        if (!cur().isOperator("~")) {
            return first;
        }
        final List<Expr> parts = new ArrayList<>();
        parts.add(first);
        while (skipOperator("~")) {
            parts.add(parseMath2());
        }
        return new Expr.Concat(parts);
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (true) {
            final Expr.Op op;
            if (cur().isOperator("*")) {
                op = Expr.Op.MUL;
            } else if (cur().isOperator("/")) {
                op = Expr.Op.DIV;
            } else if (cur().isOperator("//")) {
                op = Expr.Op.FLOORDIV;
            } else if (cur().isOperator("%")) {
                op = Expr.Op.MOD;
            } else {
                return left;
            }
            next();
            left = new Expr.Binary(op, left, parsePow());
        }
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (skipOperator("**")) {
            left = new Expr.Binary(Expr.Op.POW, left, parseUnary(true));
        }
        return left;
    }

    private Expr parseUnary(final boolean withFilter) {
        Expr node;
        if (skipOperator("-")) {
            node = new Expr.Neg(parseUnary(false));
        } else if (skipOperator("+")) {
            node = new Expr.Pos(parseUnary(false));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        if (withFilter) {
            node = parseFilterExpr(node);
        }
        return node;
    }

    private Expr parsePrimary() {
        final Token t = cur();
        switch (t.kind()) {
            case NAME -> {
                next();
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE);
                    case "false", "False" -> new Expr.Const(Boolean.FALSE);
                    case "none", "None" -> new Expr.Const(null);
                    default -> new Expr.Name(t.text());
                };
            }
            case STRING -> {
                final StringBuilder sb = new StringBuilder();
                while (cur().kind() == Token.Kind.STRING) {
                    sb.append(next().text());
                }
                return new Expr.Const(sb.toString());
            }
            case INTEGER -> {
                next();
                final BigInteger v = new BigInteger(t.text());
                return new Expr.Const(PyOps.normalise(v));
            }
            case FLOAT -> {
                next();
                return new Expr.Const(Double.parseDouble(t.text()));
            }
            default -> {
                if (skipOperator("(")) {
                    final Expr e = parseTuple(true, true);
                    expectOperator(")");
                    return e;
                }
                if (skipOperator("[")) {
                    final List<Expr> items = new ArrayList<>();
                    while (!cur().isOperator("]")) {
                        if (!items.isEmpty()) {
                            expectOperator(",");
                            if (cur().isOperator("]")) {
                                break;
                            }
                        }
                        items.add(parseExpression(true));
                    }
                    next();
                    return new Expr.ListLiteral(items);
                }
                if (skipOperator("{")) {
                    final List<Expr> keys = new ArrayList<>();
                    final List<Expr> values = new ArrayList<>();
                    while (!cur().isOperator("}")) {
                        if (!keys.isEmpty()) {
                            expectOperator(",");
                            if (cur().isOperator("}")) {
                                break;
                            }
                        }
                        keys.add(parseExpression(true));
                        expectOperator(":");
                        values.add(parseExpression(true));
                    }
                    next();
                    return new Expr.DictLiteral(keys, values);
                }
                throw fail("unexpected " + t.describe());
            }
        }
    }

    private Expr parsePostfix(final Expr start) {
        Expr node = start;
        while (true) {
            if (cur().isOperator(".") || cur().isOperator("[")) {
                node = subscript(node);
            } else if (cur().isOperator("(")) {
                node = new Expr.Call(node, callArguments());
            } else {
                return node;
            }
        }
    }

    private Expr parseFilterExpr(final Expr start) {
        Expr node = start;
        while (true) {
            if (skipOperator("|")) {
                node = filter(node);
            } else if (cur().isName("is")) {
                next();
                node = test(node);
            } else if (cur().isOperator("(")) {
                node = new Expr.Call(node, callArguments());
            } else {
                return node;
            }
        }
    }

    private Expr subscript(final Expr target) {
        if (skipOperator(".")) {
            final Token t = next();
            if (t.kind() == Token.Kind.NAME) {
                return new Expr.GetAttr(target, t.text());
            }
            if (t.kind() == Token.Kind.INTEGER) {
                return new Expr.GetItem(target, new Expr.Const(Long.parseLong(t.text())));
            }
            at--;
            throw fail("expected name or number");
        }
        expectOperator("[");
        final List<Expr> keys = new ArrayList<>();
        Expr[] slice = null;
        while (!cur().isOperator("]")) {
            if (!keys.isEmpty() || slice != null) {
                expectOperator(",");
            }
            final Expr[] part = subscribed();
            if (part.length == 1) {
                keys.add(part[0]);
            } else {
                slice = part;
            }
        }
        next();
        if (slice != null && keys.isEmpty()) {
            return new Expr.Slice(target, slice[0], slice[1], slice[2]);
        }
        if (slice != null) {
            throw fail("slices inside tuples are not supported");
        }
        if (keys.isEmpty()) {
            throw fail("expected an index");
        }
        return new Expr.GetItem(target, keys.size() == 1 ? keys.get(0)
                : new Expr.TupleLiteral(keys));
    }

    /** One subscript: {@code [key]} as one expression, or a slice as start, stop, step. */
    private Expr[] subscribed() {
        Expr start = null;
        if (!cur().isOperator(":")) {
            start = parseExpression(true);
            if (!cur().isOperator(":")) {
                return new Expr[] {start};
            }
        }
        next();
        Expr stop = null;
        if (!cur().isOperator("]") && !cur().isOperator(",") && !cur().isOperator(":")) {
            stop = parseExpression(true);
        }
        Expr step = null;
        if (skipOperator(":")) {
            if (!cur().isOperator("]") && !cur().isOperator(",")) {
                step = parseExpression(true);
            }
        }
        return new Expr[] {start, stop, step};
    }

    private Expr.Arguments callArguments() {
        expectOperator("(");
        final List<Expr> positional = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<Expr> values = new ArrayList<>();
        boolean first = true;
        while (!cur().isOperator(")")) {
            if (!first) {
                expectOperator(",");
                if (cur().isOperator(")")) {
                    break;
                }
            }
            first = false;
            if (cur().isOperator("*") || cur().isOperator("**")) {
                throw fail("*args and **kwargs in calls are not supported");
            }
            if (cur().kind() == Token.Kind.NAME && peek(1).isOperator("=")) {
                names.add(next().text());
                next();
                values.add(parseExpression(true));
            } else {
                if (!names.isEmpty()) {
                    throw fail("invalid syntax for function call expression");
                }
                positional.add(parseExpression(true));
            }
        }
        next();
        return positional.isEmpty() && names.isEmpty() ? Expr.Arguments.NONE
                : new Expr.Arguments(positional, names, values);
    }

    private String dottedName() {
        final StringBuilder name = new StringBuilder(expectName());
        while (cur().isOperator(".") && peek(1).kind() == Token.Kind.NAME) {
            next();
            name.append('.').append(next().text());
        }
        return name.toString();
    }

    private Expr.Filter filter(final Expr value) {
        final int line = cur().line();
        final String name = dottedName();
        final JinjaFilters.Filter f = JinjaFilters.get(name);
        if (f == null) {
            throw new Lexer.SyntaxError("No filter named '" + name + "'.", line);
        }
        final Expr.Arguments args = cur().isOperator("(") ? callArguments()
                : Expr.Arguments.NONE;
        return new Expr.Filter(value, name, f, args);
    }

    private Expr test(final Expr value) {
        final boolean negated = skipName("not");
        final int line = cur().line();
        final String name = dottedName();
        final JinjaTests.Test t = JinjaTests.get(name);
        if (t == null) {
            throw new Lexer.SyntaxError("No test named '" + name + "'.", line);
        }
        Expr.Arguments args = Expr.Arguments.NONE;
        final Token c = cur();
        if (c.isOperator("(")) {
            args = callArguments();
        } else if ((c.kind() == Token.Kind.NAME || c.kind() == Token.Kind.STRING
                || c.kind() == Token.Kind.INTEGER || c.kind() == Token.Kind.FLOAT
                || c.isOperator("[") || c.isOperator("{"))
                && !c.isName("else") && !c.isName("or") && !c.isName("and")) {
            if (c.isName("is")) {
                throw fail("You cannot chain multiple tests with is");
            }
            final Expr arg = parsePostfix(parsePrimary());
            args = new Expr.Arguments(List.of(arg), List.of(), List.of());
        }
        return new Expr.Test(value, name, t, args, negated);
    }
}
