package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.sftstream.sample.TokenizerStressText;

import java.text.Normalizer;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Code point offsets of the Java encoder against the library's character offsets, on texts
 * that NFC leaves as they are (there the offsets are exact by contract).
 */
class BpeOffsetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3", "deepseek_v3"})
    void shouldGiveTheLibrarysCharacterOffsets(final String name) {
        final RealTokenizers.Pair t = RealTokenizers.get(name);
        final TokenizerStressText texts = new TokenizerStressText(7, t.addedTokens());
        int compared = 0;
        long spansSeen = 0;
        long spansNull = 0;
        for (int i = 0; i < 1_000; i++) {
            final String text = texts.next();
            if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
                continue;
            }
            final Encoding expected = t.library().encode(text, false, false);
            final ByteLevelBpe.Encoded actual = t.java().encodeWithOffsets(text);
            final CharSpan[] spans = expected.getCharTokenSpans();
            final int[] starts = new int[spans.length];
            final int[] ends = new int[spans.length];
            for (int k = 0; k < spans.length; k++) {
                // DJL gives no span for a token inside a character (null): the library's
                // offsets there are those of the whole character.
                spansSeen++;
                spansNull += spans[k] == null ? 1 : 0;
                starts[k] = spans[k] == null ? -1 : spans[k].getStart();
                ends[k] = spans[k] == null ? -1 : spans[k].getEnd();
            }
            final int[] javaStarts = actual.starts().clone();
            final int[] javaEnds = actual.ends().clone();
            for (int k = 0; k < spans.length && k < javaStarts.length; k++) {
                if (starts[k] < 0) {
                    javaStarts[k] = -1;
                    javaEnds[k] = -1;
                }
            }
            final String where = name + " " + BpeDifferentialTest.describe(text);
            assertEquals(Arrays.toString(starts), Arrays.toString(javaStarts), where);
            assertEquals(Arrays.toString(ends), Arrays.toString(javaEnds), where);
            compared++;
        }
        assertEquals(true, compared > 600, "compared " + compared);
        assertEquals(true, spansNull * 10 < spansSeen, spansNull + " of " + spansSeen
                + " spans missing");
    }
}
