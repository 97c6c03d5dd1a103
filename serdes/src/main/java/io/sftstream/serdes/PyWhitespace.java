package io.sftstream.serdes;

/**
 * Whitespace exactly as Python's {@code str.isspace()} defines it, which is what the Hugging Face
 * chat templates' {@code trim} filter strips: TAB..CR, U+001C..U+001F, space, U+0085, U+00A0,
 * U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
 *
 * <p>Java's {@link Character#isWhitespace(int)} differs on U+00A0, U+2007, U+202F and U+0085, so
 * it must not be used for blank checks or trimming.
 */
public final class PyWhitespace {

    private PyWhitespace() {
    }

    /** Whether the code point is whitespace for Python's {@code str.isspace()}. */
    public static boolean isSpace(final int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Whether the text is empty or made only of whitespace. */
    public static boolean isBlank(final String text) {
        for (int i = 0; i < text.length(); i++) {
            // Every whitespace code point is in the BMP, so a surrogate is never whitespace.
            if (!isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The text without leading and trailing whitespace, like Python's {@code str.strip()}. */
    public static String strip(final String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }
}
