package io.sftstream.tokenize.bpe;

/**
 * {@code \w} and {@code \s} of the Rust {@code regex} crate, which the library's added
 * vocabulary uses for {@code single_word}, {@code lstrip} and {@code rstrip}: {@code \w} is
 * Alphabetic, marks, decimal digits, connector punctuation and the joiners; {@code \s} is
 * Unicode White_Space. Java's tables (Unicode 13) completed by {@link CodePointClasses} for the
 * letters, marks and digits assigned since (the regex crate has Unicode 16's tables).
 */
final class RustRegexClasses {

    private RustRegexClasses() {
    }

    static boolean isWord(final int cp) {
        final int classes = CodePointClasses.of(cp);
        if ((classes & (CodePointClasses.LETTER | CodePointClasses.MARK)) != 0
                || Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return true;
        }
        final int type = Character.getType(cp);
        if (type == Character.UNASSIGNED) {
            // A digit of a script newer than Java's tables.
            return (classes & CodePointClasses.NUMBER) != 0;
        }
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.CONNECTOR_PUNCTUATION;
    }

    static boolean isSpace(final int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
                || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }
}
