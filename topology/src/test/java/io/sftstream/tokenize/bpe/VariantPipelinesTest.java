package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sftstream.sample.TokenizerStressText;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pipelines of the family that no real file here has: Qwen3's vocabulary and merges behind a
 * GPT-2 pre-tokenizer ({@code ByteLevel} with its own regex, with and without the prefix
 * space), behind each Split regex alone, and without a normalizer, against the library.
 */
class VariantPipelinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "gpt2-prefix", "gpt2-split", "llama3-split", "digits",
        "deepseek-words", "no-normalizer"})
    void shouldMatchTheLibrary(final String variant) throws Exception {
        final ObjectNode root = (ObjectNode) PipelineReader.parse(RealTokenizers.json("qwen3"));
        final ObjectNode byteLevel = JSON.createObjectNode().put("type", "ByteLevel")
                .put("add_prefix_space", false).put("trim_offsets", false)
                .put("use_regex", false);
        switch (variant) {
            case "gpt2" -> root.set("pre_tokenizer", byteLevel.put("use_regex", true));
            case "gpt2-prefix" -> root.set("pre_tokenizer",
                    byteLevel.put("use_regex", true).put("add_prefix_space", true));
            case "gpt2-split" -> root.set("pre_tokenizer", sequence(SplitRules.GPT2, byteLevel));
            case "llama3-split" -> root.set("pre_tokenizer",
                    sequence(SplitRules.LLAMA3, byteLevel));
            case "digits" -> root.set("pre_tokenizer", sequence(SplitRules.DIGITS_1_3,
                    byteLevel));
            case "deepseek-words" -> root.set("pre_tokenizer",
                    sequence(SplitRules.DEEPSEEK_WORDS, byteLevel));
            default -> root.putNull("normalizer");
        }
        final byte[] json = JSON.writeValueAsBytes(root);
        final ByteLevelBpe java = ByteLevelBpe.build(json);
        try (HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json), Map.of("addSpecialTokens", "false",
                        "truncation", "false", "padding", "false"))) {
            final TokenizerStressText texts = new TokenizerStressText(5, List.of("<|im_end|>"));
            for (int n = 0; n < 1_000; n++) {
                final String text = texts.next();
                final long[] wide = library.encode(text, false, false).getIds();
                final int[] expected = new int[wide.length];
                for (int k = 0; k < wide.length; k++) {
                    expected[k] = (int) wide[k];
                }
                assertEquals(Arrays.toString(expected), Arrays.toString(java.encode(text)),
                        variant + " " + BpeDifferentialTest.describe(text));
            }
        }
    }

    private static ObjectNode sequence(final String regex, final ObjectNode byteLevel) {
        final ObjectNode split = JSON.createObjectNode().put("type", "Split")
                .put("behavior", "Isolated").put("invert", false);
        split.putObject("pattern").put("Regex", regex);
        final ObjectNode seq = JSON.createObjectNode().put("type", "Sequence");
        seq.putArray("pretokenizers").add(split).add(byteLevel);
        return seq;
    }
}
