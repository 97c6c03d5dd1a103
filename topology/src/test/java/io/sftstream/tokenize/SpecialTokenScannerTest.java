package io.sftstream.tokenize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecialTokenScannerTest {

    @Test
    void shouldFindMistralsEosInsideText() {
        final SpecialTokenScanner scanner = SpecialTokenScanner.of(TestTokenizers.mistral());
        assertEquals("</s>", scanner.findFirst("please end</s>here"));
        assertEquals("<s>", scanner.findFirst("<s></s>"));
        assertNull(scanner.findFirst("please end </ s> here, <S> is fine too"));
    }

    @Test
    void shouldScanForAllOfLlama3sAddedTokens() {
        final SpecialTokenScanner scanner = SpecialTokenScanner.of(TestTokenizers.llama3());
        assertEquals(256, scanner.size());
        assertTrue(scanner.isDense());
        assertEquals("<|reserved_special_token_250|>",
                scanner.findFirst("x <|reserved_special_token_250|> <|eot_id|>"));
        assertEquals("<|eot_id|>", scanner.findFirst("<|reserved_special_token_2<|eot_id|>"));
        assertEquals("<|begin_of_text|>", scanner.findFirst("a<|begin_of_text|>"));
        assertNull(scanner.findFirst("<|eot_id |> <|EOT_ID|> <|reserved_special_token_|>"));
        for (final String token : TestTokenizers.llama3().addedTokenContents()) {
            assertEquals(token, scanner.findFirst("text " + token + " text"));
        }
    }

    @Test
    void shouldPreferTheLeftmostThenTheLongestMatch() {
        final SpecialTokenScanner scanner =
                new SpecialTokenScanner(List.of("bc", "abcd", "cdef", "ab", "b"));
        // "abcd" and "ab" start at 0; "bc" and "b" end earlier but start later.
        assertEquals("abcd", scanner.findFirst("xabcdef"));
        assertEquals("ab", scanner.findFirst("xabce"));
        assertEquals("b", scanner.findFirst("xbd"));
        assertEquals("bc", scanner.findFirst("bcdef"));
        assertNull(scanner.findFirst("xyz"));
        assertNull(scanner.findFirst(""));
    }

    @Test
    void shouldHandleOverlappingAndNestedPatterns() {
        final SpecialTokenScanner scanner =
                new SpecialTokenScanner(List.of("aab", "aaab", "abx", "<|a|>", "|a|"));
        assertEquals("aaab", scanner.findFirst("aaaab"));
        assertEquals("abx", scanner.findFirst("aaabxx".substring(2)));
        assertEquals("aab", scanner.findFirst("caab"));
        assertEquals("|a|", scanner.findFirst("<|a||a|>"));
        assertEquals("<|a|>", scanner.findFirst("<<|a|>"));
    }

    @Test
    void shouldIgnoreEmptyAndDuplicateContents() {
        final SpecialTokenScanner scanner = new SpecialTokenScanner(List.of("", "<s>", "<s>"));
        assertEquals(1, scanner.size());
        assertNull(scanner.findFirst("plain"));
        assertNull(new SpecialTokenScanner(List.of()).findFirst("anything"));
        assertTrue(scanner.containsAny("a<s>"));
        assertFalse(scanner.containsAny("a<s"));
    }

    @Test
    void shouldMatchNonBmpTextAndPatterns() {
        final SpecialTokenScanner scanner =
                new SpecialTokenScanner(List.of("<think>", "\uD83D\uDE00!", "\uD83D\uDE01"));
        assertEquals("<think>", scanner.findFirst("\uD83D\uDE02 \uD83D<think>"));
        assertEquals("\uD83D\uDE00!", scanner.findFirst("a\uD83Db\uD83D\uDE00!"));
        assertEquals("\uD83D\uDE01", scanner.findFirst("\uD83D\uDE00\uD83D\uDE01"));
        assertNull(scanner.findFirst("\uD83D\uDE00?\uD83D\uDE02"));
        final SpecialTokenScanner qwen3 = SpecialTokenScanner.of(TestTokenizers.qwen3());
        assertEquals("<think>", qwen3.findFirst("\uD83D\uDE00 Let me <think>"));
        assertEquals("<|im_end|>", qwen3.findFirst("日本語<|im_end|>"));
    }

    @Test
    void shouldAgreeWithNaiveSearchOnRandomText() {
        final List<String> patterns = List.of("ab", "abab", "ba", "bab", "aaa", "c", "bcb");
        final SpecialTokenScanner dense = new SpecialTokenScanner(patterns);
        final SpecialTokenScanner sparse = new SpecialTokenScanner(patterns, 0);
        assertTrue(dense.isDense());
        assertFalse(sparse.isDense());
        final Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            final StringBuilder text = new StringBuilder();
            final int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append("abcd".charAt(random.nextInt(4)));
            }
            final String expected = naive(patterns, text.toString());
            assertEquals(expected, dense.findFirst(text), text::toString);
            assertEquals(expected, sparse.findFirst(text), text::toString);
        }
    }

    @Test
    void shouldGiveTheSameAnswersWithoutTheDenseTable() {
        // 3000 tokens over a wide alphabet exceed the dense table's size limit.
        final List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            patterns.add("<" + (char) (0x4E00 + i) + (char) (0x4E00 + (i * 7) % 3000) + ">");
        }
        final SpecialTokenScanner scanner = new SpecialTokenScanner(patterns);
        assertFalse(scanner.isDense());
        final String text = "abc <" + (char) 0x4E00 + " " + patterns.get(1234) + patterns.get(7);
        assertEquals(patterns.get(1234), scanner.findFirst(text));
        assertEquals(naive(patterns, text), scanner.findFirst(text));
        assertNull(scanner.findFirst("<\u4E00\u4E01>"));
    }

    @Test
    void shouldGiveTheSameAnswersWhenSkippingToFirstChars() {
        // A String takes the indexOf path when patterns start with at most four distinct chars;
        // a StringBuilder always steps char by char.
        final List<List<String>> sets = List.of(
                List.of("<a>", "<ab>", "<b", "<"),
                List.of("ab", "abab", "ba", "bab", "aaa", "c", "bcb"),
                List.of("<|im_end|>", "<|im_start|>", "</s>", "[INST]", "[/INST]"),
                List.of("dd", "d"));
        final Random random = new Random(7);
        for (final List<String> patterns : sets) {
            for (final SpecialTokenScanner scanner : List.of(new SpecialTokenScanner(patterns),
                    new SpecialTokenScanner(patterns, 0))) {
                for (int round = 0; round < 3000; round++) {
                    final StringBuilder text = new StringBuilder();
                    final int length = random.nextInt(30);
                    for (int i = 0; i < length; i++) {
                        final String alphabet = "abcd<>|/[]INSTim_endx ";
                        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    final String expected = naive(patterns, text.toString());
                    assertEquals(expected, scanner.findFirst(text.toString()), text::toString);
                    assertEquals(expected, scanner.findFirst(text), text::toString);
                }
            }
        }
    }

    private static String naive(final List<String> patterns, final String text) {
        String best = null;
        int bestStart = Integer.MAX_VALUE;
        for (final String pattern : patterns) {
            final int start = text.indexOf(pattern);
            if (start >= 0 && (start < bestStart
                    || (start == bestStart && pattern.length() > best.length()))) {
                best = pattern;
                bestStart = start;
            }
        }
        return best;
    }
}
