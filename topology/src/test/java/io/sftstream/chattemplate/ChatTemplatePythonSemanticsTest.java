package io.sftstream.chattemplate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Python's str methods and value printing; every expected value was printed by Python 3.11. */
class ChatTemplatePythonSemanticsTest {

    @Test
    void shouldSplitLikePython() {
        assertEquals(List.of("a", "b"), PyStrings.split("  a b  ", null, -1));
        assertEquals(List.of("a", "b", "", ""), PyStrings.split("a,b,,", ",", -1));
        assertEquals(List.of("", "a", "", "b", ""), PyStrings.split(" a  b ", " ", -1));
        assertEquals(List.of("a", "b c"), PyStrings.split("a b c", null, 1));
        assertEquals(List.of("a", "b", "c", "d", "e"),
                PyStrings.split("a\u00a0b\u2007c\u202fd\u0085e", null, -1));
        assertEquals(List.of(), PyStrings.split("", null, -1));
        assertEquals(List.of(""), PyStrings.split("", ",", -1));
        assertEquals(List.of("a,b", "c"), PyStrings.rsplit("a,b,c", ",", 1));
    }

    @Test
    void shouldStripLikePython() {
        assertEquals("x", PyStrings.strip("\u3000x\u3000", null));
        assertEquals("hi", PyStrings.strip("xxhixx", "x"));
        assertEquals("x", PyStrings.strip("\n\nx\n", "\n"));
        assertEquals("x  ", PyStrings.lstrip("  x  ", null));
        assertEquals("  x", PyStrings.rstrip("  x  ", null));
        // U+200B and U+180E are not whitespace for Python; U+001C..U+001F are.
        assertEquals("\u200bx\u200b", PyStrings.strip("\u200bx\u200b", null));
        assertEquals("\u180ex", PyStrings.strip("\u180ex", null));
        assertEquals("x", PyStrings.strip("\u001cx\u001f", null));
    }

    @Test
    void shouldSliceByCodePoints() {
        assertEquals("cba", PyStrings.slice("abc", null, null, -1L));
        assertEquals("b\uD83D\uDE00a", PyStrings.slice("a\uD83D\uDE00b", null, null, -1L));
        assertEquals("bd", PyStrings.slice("abcdef", 1L, 5L, 2L));
        assertEquals("ef", PyStrings.slice("abcdef", -2L, null, null));
        assertEquals("", PyStrings.slice("abcdef", null, -10L, null));
        assertEquals("", PyStrings.slice("abc", 5L, null, null));
        assertEquals(3, PyStrings.length("a\uD83D\uDE00b"));
    }

    @Test
    void shouldChangeCaseLikePython() {
        assertEquals("Hello World", PyStrings.title("hello world"));
        assertEquals("They'Re Bill'S", PyStrings.title("they're bill's"));
        assertEquals("A-B_C D", PyStrings.title("a-b_c d"));
        assertEquals("Ssa", PyStrings.capitalize("\u00dfa"));
        assertEquals("Abc", PyStrings.capitalize("ABC"));
        assertEquals("bba", PyStrings.replace("aaa", "a", "b", 2));
    }

    @Test
    void shouldPrintValuesLikePython() {
        assertEquals("1e+16", PyOps.floatRepr(1e16));
        assertEquals("1000000000000000.0", PyOps.floatRepr(1e15));
        assertEquals("0.0001", PyOps.floatRepr(0.0001));
        assertEquals("1e-05", PyOps.floatRepr(0.00001));
        assertEquals("123.0", PyOps.floatRepr(123.0));
        assertEquals("0.3333333333333333", PyOps.floatRepr(1.0 / 3));
        assertEquals("2.5e-07", PyOps.floatRepr(2.5e-7));
        assertEquals("-1e+100", PyOps.floatRepr(-1e100));
        assertEquals("None", PyOps.str(null));
        assertEquals("True", PyOps.str(true));
        assertEquals("[1, 'a', None, {'k': (1,)}]", PyOps.str(listWithNone()));
        assertEquals("\"it's\"", PyOps.repr("it's"));
        assertEquals("'\\u3000\\n\\xa0'", PyOps.repr("\u3000\n\u00a0"));
    }

    private static List<Object> listWithNone() {
        final List<Object> l = new ArrayList<>();
        l.add(1L);
        l.add("a");
        l.add(null);
        l.add(Map.of("k", new PyTuple(1L)));
        return l;
    }
}
