package io.sftstream.chattemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into tokens the way jinja2's lexer does with {@code trim_blocks=True} and
 * {@code lstrip_blocks=True}: newlines normalised to {@code \n}, one trailing newline of the
 * source dropped ({@code keep_trailing_newline=False}), {@code -} / {@code +} whitespace
 * control, comments removed, {@code raw} blocks kept verbatim. "Whitespace" is Python's
 * {@code str.isspace()} set, as in jinja2's regular expressions.
 */
final class Lexer {

    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":",
        "|", ",", ";",
    };

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;

    private Lexer(final String source) {
        this.src = normalise(source);
    }

    static List<Token> tokenize(final String source) {
        final Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private static String normalise(final String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private void run() {
        while (pos < src.length()) {
            final int tag = nextTagStart(pos);
            if (tag < 0) {
                addData(src.substring(pos), line);
                pos = src.length();
                break;
            }
            final char kind = src.charAt(tag + 1);
            final char sign = tag + 2 < src.length() ? src.charAt(tag + 2) : 0;
            String text = src.substring(pos, tag);
            final int textLine = line;
            if (sign == '-') {
                text = PyStrings.rstrip(text);
            } else if (sign != '+' && kind != '{') {
                final int lpos = text.lastIndexOf('\n') + 1;
                if ((lpos > 0 || lineStarting) && lpos < text.length()
                        && PyStrings.isAllSpace(text, lpos)) {
                    text = text.substring(0, lpos);
                }
            }
            addData(text, textLine);
            advanceTo(tag + 2 + (sign == '-' || sign == '+' ? 1 : 0));
            if (kind == '#') {
                comment();
            } else if (kind == '%' && isRawBegin()) {
                raw();
            } else {
                tag(kind == '{');
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "", line));
    }

    private int nextTagStart(final int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            final char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    private void addData(final String text, final int atLine) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Token.Kind.DATA, text, atLine));
        }
    }

    private void advanceTo(final int newPos) {
        for (int i = pos; i < newPos; i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        pos = newPos;
    }

    private SyntaxError error(final String message) {
        return new SyntaxError(message, line);
    }

    /** Skips a comment; the end {@code #}} follows the block rules (trim and {@code -}). */
    private void comment() {
        final int end = src.indexOf("#}", pos);
        if (end < 0) {
            throw error("missing end of comment tag");
        }
        final boolean minus = end > pos && src.charAt(end - 1) == '-';
        final boolean plus = end > pos && src.charAt(end - 1) == '+';
        advanceTo(end + 2);
        afterBlockEnd(minus, plus);
    }

    private void afterBlockEnd(final boolean minus, final boolean plus) {
        if (minus) {
            skipSpace();
        } else if (!plus && pos < src.length() && src.charAt(pos) == '\n') {
            advanceTo(pos + 1);
        }
        lineStarting = pos > 0 && src.charAt(pos - 1) == '\n';
    }

    private void skipSpace() {
        int i = pos;
        while (i < src.length()) {
            final int cp = src.codePointAt(i);
            if (!PyStrings.isSpace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        advanceTo(i);
    }

    private boolean isRawBegin() {
        int i = pos;
        while (i < src.length() && PyStrings.isSpace(src.charAt(i))) {
            i++;
        }
        if (!src.startsWith("raw", i)) {
            return false;
        }
        i += 3;
        while (i < src.length() && PyStrings.isSpace(src.charAt(i))) {
            i++;
        }
        return src.startsWith("%}", i) || src.startsWith("-%}", i) || src.startsWith("+%}", i);
    }

    private void raw() {
        final int close = src.indexOf("%}", pos);
        final boolean minus = src.charAt(close - 1) == '-';
        final boolean plus = src.charAt(close - 1) == '+';
        advanceTo(close + 2);
        afterBlockEnd(minus, plus);
        int search = pos;
        while (true) {
            final int begin = src.indexOf("{%", search);
            if (begin < 0) {
                throw error("missing endraw for a raw block");
            }
            int i = begin + 2;
            final boolean innerMinus = i < src.length() && src.charAt(i) == '-';
            if (innerMinus || i < src.length() && src.charAt(i) == '+') {
                i++;
            }
            while (i < src.length() && PyStrings.isSpace(src.charAt(i))) {
                i++;
            }
            if (src.startsWith("endraw", i)) {
                int j = i + 6;
                while (j < src.length() && PyStrings.isSpace(src.charAt(j))) {
                    j++;
                }
                final boolean endMinus = src.startsWith("-%}", j);
                final boolean endPlus = src.startsWith("+%}", j);
                if (endMinus || endPlus || src.startsWith("%}", j)) {
                    String body = src.substring(pos, begin);
                    if (innerMinus) {
                        body = PyStrings.rstrip(body);
                    }
                    addData(body, line);
                    advanceTo(j + (endMinus || endPlus ? 3 : 2));
                    afterBlockEnd(endMinus, endPlus);
                    return;
                }
            }
            search = begin + 2;
        }
    }

    /** The inside of a {@code {{ }}} or {@code {% %}} tag, up to and including its end. */
    private void tag(final boolean variable) {
        tokens.add(new Token(variable ? Token.Kind.VARIABLE_BEGIN : Token.Kind.BLOCK_BEGIN,
                variable ? "{{" : "{%", line));
        int depth = 0;
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                throw error("unexpected end of template inside a tag");
            }
            if (depth == 0 && endsTag(variable)) {
                return;
            }
            final char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                string(c);
            } else if (c >= '0' && c <= '9') {
                number();
            } else if (Character.isLetter(c) || c == '_') {
                int i = pos + 1;
                while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i))
                        || src.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.NAME, src.substring(pos, i), line));
                advanceTo(i);
            } else {
                final String op = operatorAt();
                if (op == null) {
                    throw error("unexpected char '" + c + "'");
                }
                if (op.equals("(") || op.equals("[") || op.equals("{")) {
                    depth++;
                } else if ((op.equals(")") || op.equals("]") || op.equals("}")) && depth > 0) {
                    depth--;
                }
                tokens.add(new Token(Token.Kind.OPERATOR, op, line));
                advanceTo(pos + op.length());
            }
        }
    }

    private boolean endsTag(final boolean variable) {
        final String close = variable ? "}}" : "%}";
        final boolean minus = src.startsWith("-" + close, pos);
        final boolean plus = !variable && src.startsWith("+" + close, pos);
        if (!minus && !plus && !src.startsWith(close, pos)) {
            return false;
        }
        tokens.add(new Token(variable ? Token.Kind.VARIABLE_END : Token.Kind.BLOCK_END,
                close, line));
        advanceTo(pos + close.length() + (minus || plus ? 1 : 0));
        if (variable) {
            if (minus) {
                skipSpace();
            }
            lineStarting = pos > 0 && src.charAt(pos - 1) == '\n';
        } else {
            afterBlockEnd(minus, plus);
        }
        return true;
    }

    private String operatorAt() {
        for (final String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                return op;
            }
        }
        return null;
    }

    private void number() {
        int i = pos;
        while (i < src.length() && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        boolean isFloat = false;
        if (i + 1 < src.length() && src.charAt(i) == '.' && isDigit(src.charAt(i + 1))) {
            isFloat = true;
            i++;
            while (i < src.length() && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                i++;
            }
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                j++;
            }
            if (j < src.length() && isDigit(src.charAt(j))) {
                isFloat = true;
                i = j;
                while (i < src.length() && isDigit(src.charAt(i))) {
                    i++;
                }
            }
        }
        final String text = src.substring(pos, i).replace("_", "");
        tokens.add(new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INTEGER, text, line));
        advanceTo(i);
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private void string(final char quote) {
        final StringBuilder sb = new StringBuilder();
        final int startLine = line;
        int i = pos + 1;
        while (true) {
            if (i >= src.length()) {
                throw error("unexpected end of string");
            }
            final char c = src.charAt(i);
            if (c == quote) {
                break;
            }
            if (c != '\\' || i + 1 >= src.length()) {
                sb.append(c);
                i++;
                continue;
            }
            i = escape(sb, i + 1);
        }
        tokens.add(new Token(Token.Kind.STRING, sb.toString(), startLine));
        advanceTo(i + 1);
    }

    /** Decodes the escape after a backslash at {@code i - 1} like Python's unicode-escape. */
    private int escape(final StringBuilder sb, final int i) {
        final char e = src.charAt(i);
        switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case '\\' -> sb.append('\\');
            case '\'' -> sb.append('\'');
            case '"' -> sb.append('"');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case '\n' -> {
                return i + 1;
            }
            case 'x', 'u', 'U' -> {
                final int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + 1 + n > src.length()) {
                    throw error("truncated \\" + e + " escape in a string");
                }
                final int cp;
                try {
                    cp = Integer.parseInt(src.substring(i + 1, i + 1 + n), 16);
                } catch (final NumberFormatException ex) {
                    throw error("truncated \\" + e + " escape in a string");
                }
                sb.appendCodePoint(cp);
                return i + 1 + n;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int j = i;
                    int v = 0;
                    while (j < src.length() && j < i + 3 && src.charAt(j) >= '0'
                            && src.charAt(j) <= '7') {
                        v = v * 8 + (src.charAt(j) - '0');
                        j++;
                    }
                    sb.appendCodePoint(v);
                    return j;
                }
                sb.append('\\').append(e);
            }
        }
        return i + 1;
    }

    /** A lexing or parsing failure at a line; becomes a {@link ChatTemplateSyntaxException}. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(final String message, final int line) {
            super(message, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
