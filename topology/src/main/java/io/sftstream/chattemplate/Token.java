package io.sftstream.chattemplate;

/** One lexical token of a template: its kind, its text (decoded for strings) and its line. */
record Token(Kind kind, String text, int line) {

    enum Kind {
        DATA, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER,
        FLOAT, OPERATOR, EOF
    }

    boolean is(final Kind k, final String t) {
        return kind == k && text.equals(t);
    }

    boolean isOperator(final String t) {
        return kind == Kind.OPERATOR && text.equals(t);
    }

    boolean isName(final String t) {
        return kind == Kind.NAME && text.equals(t);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case DATA -> "template data";
            case STRING -> "string literal";
            default -> "'" + text + "'";
        };
    }
}
