package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sftstream.sample.TokenizerStressText;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code single_word}, {@code lstrip}, {@code rstrip} and {@code normalized}, which none of the
 * real files sets: Qwen3's tokenizer.json with those flags set on some of its added tokens,
 * against the library on generated texts.
 */
class AddedTokenFlagsTest {

    @Test
    void shouldMatchTheLibraryWithEveryFlagCombination() throws Exception {
        final ObjectNode root = (ObjectNode) PipelineReader.parse(RealTokenizers.json("qwen3"));
        final List<String> contents = new ArrayList<>();
        int i = 0;
        for (final JsonNode token : root.path("added_tokens")) {
            final ObjectNode t = (ObjectNode) token;
            t.put("single_word", (i & 1) != 0);
            t.put("lstrip", (i & 2) != 0);
            t.put("rstrip", (i & 4) != 0);
            t.put("normalized", (i & 8) != 0);
            contents.add(t.path("content").asText());
            i++;
        }
        final byte[] json = new ObjectMapper().writeValueAsBytes(root);
        final ByteLevelBpe java = ByteLevelBpe.build(json);
        try (HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json), Map.of("addSpecialTokens", "false",
                        "truncation", "false", "padding", "false"))) {
            final TokenizerStressText texts = new TokenizerStressText(11, contents);
            for (int n = 0; n < 2_000; n++) {
                final String text = texts.next();
                final long[] wide = library.encode(text, false, false).getIds();
                final int[] expected = new int[wide.length];
                for (int k = 0; k < wide.length; k++) {
                    expected[k] = (int) wide[k];
                }
                assertEquals(Arrays.toString(expected), Arrays.toString(java.encode(text)),
                        BpeDifferentialTest.describe(text));
            }
        }
    }
}
