package io.sftstream.serdes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyWhitespaceTest {

    @Test
    void shouldTreatPythonWhitespaceAsBlank() {
        for (final String blank : new String[] {"", " ", "\t\n\u000b\f\r", "\u00a0", "\u2007",
            "\u202f", "\u0085", "\u001c\u001d\u001e\u001f", "\u1680\u2000\u200a\u2028\u2029",
            "\u205f\u3000"}) {
            assertTrue(PyWhitespace.isBlank(blank), () -> escape(blank));
        }
    }

    @Test
    void shouldNotTreatZeroWidthCharactersAsBlank() {
        assertFalse(PyWhitespace.isBlank("\u200b"));
        assertFalse(PyWhitespace.isBlank(" \ufeff "));
        assertFalse(PyWhitespace.isBlank("\u180e"));
        assertFalse(PyWhitespace.isBlank(" x "));
        assertFalse(PyWhitespace.isSpace(0x1F600));
    }

    @Test
    void shouldStripLikePythonStrip() {
        assertEquals("a b", PyWhitespace.strip("\u00a0\u2007 a b\u202f\u0085\n"));
        assertEquals("\u200ba\u200b", PyWhitespace.strip(" \u200ba\u200b "));
        assertEquals("", PyWhitespace.strip("\u3000 \t"));
        assertEquals("\uD83D\uDE00", PyWhitespace.strip("\u001c\uD83D\uDE00\u001f"));
    }

    private static String escape(final String text) {
        final StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }
}
