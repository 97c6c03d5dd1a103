package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sftstream.sample.TokenizerStressText;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java encoder against the library on seeded generated texts (every Unicode category,
 * long runs, whitespace, emoji, combining marks, added tokens): the ids must be identical.
 * Up to 20,000 texts per tokenizer, fewer when the machine is so busy that they would take
 * longer than the time budget (never fewer than 2,000). The benchmark module runs the same
 * comparison on 1,000,000 texts per tokenizer.
 */
class BpeDifferentialTest {

    private static final int TEXTS = 20_000;
    private static final int MIN_TEXTS = 2_000;
    private static final long BUDGET_NANOS = 12_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3", "llama3_1", "deepseek_v3"})
    void shouldGiveTheLibrarysIdsOnGeneratedTexts(final String name) {
        final RealTokenizers.Pair t = RealTokenizers.get(name);
        final TokenizerStressText texts = new TokenizerStressText(42, t.addedTokens());
        int differences = 0;
        String firstDifference = null;
        final long start = System.nanoTime();
        int compared = 0;
        for (int i = 0; i < TEXTS; i++) {
            if (i >= MIN_TEXTS && System.nanoTime() - start > BUDGET_NANOS) {
                break;
            }
            compared++;
            final String text = texts.next();
            final int[] expected = t.libraryIds(text);
            final int[] actual = t.java().encode(text);
            if (!Arrays.equals(expected, actual)) {
                if (firstDifference == null) {
                    firstDifference = describe(text) + "\n library " + Arrays.toString(expected)
                            + "\n java    " + Arrays.toString(actual);
                }
                differences++;
            }
        }
        assertEquals(0, differences, name + ": " + differences + " of " + compared
                + " texts differ; first: " + firstDifference);
    }

    static String describe(final String text) {
        final StringBuilder b = new StringBuilder();
        text.codePoints().limit(200).forEach(cp -> b.append(String.format("%04X ", cp)));
        return "[" + text + "] = " + b;
    }
}
