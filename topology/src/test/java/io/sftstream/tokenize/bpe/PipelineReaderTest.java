package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * Every option the Java encoder does not implement keeps a pipeline on the library: Qwen3's
 * real tokenizer.json with one part changed.
 */
class PipelineReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<String> withChange(final Consumer<ObjectNode> change)
            throws Exception {
        final ObjectNode root = (ObjectNode) PipelineReader.parse(RealTokenizers.json("qwen3"));
        change.accept(root);
        return ByteLevelBpe.unsupportedPart(JSON.writeValueAsBytes(root));
    }

    private static ObjectNode split(final ObjectNode root) {
        return (ObjectNode) root.path("pre_tokenizer").path("pretokenizers").get(0);
    }

    @Test
    void shouldAcceptQwen3AsItIs() throws Exception {
        assertEquals(Optional.empty(), withChange(root -> { }));
    }

    @Test
    void shouldRefuseDropout() throws Exception {
        assertEquals(Optional.of("BPE dropout 0.1"),
                withChange(root -> ((ObjectNode) root.path("model")).put("dropout", 0.1)));
    }

    @Test
    void shouldRefuseAnUnknownRegex() throws Exception {
        final Optional<String> part = withChange(root -> ((ObjectNode) split(root)
                .path("pattern")).put("Regex", "\\p{L}+|\\s+"));
        assertTrue(part.orElseThrow().startsWith("the Split regex '\\p{L}+|\\s+'"), part.get());
    }

    @Test
    void shouldRefuseOtherSplitBehaviours() throws Exception {
        assertEquals(Optional.of("a Split pre-tokenizer with behavior 'Removed'"),
                withChange(root -> split(root).put("behavior", "Removed")));
        assertEquals(Optional.of("a Split pre-tokenizer with invert"),
                withChange(root -> split(root).put("invert", true)));
    }

    @Test
    void shouldRefuseUnknownOptionsAndParts() throws Exception {
        assertEquals(Optional.of("the BPE model with the option 'new_flag'"),
                withChange(root -> ((ObjectNode) root.path("model")).put("new_flag", 1)));
        assertEquals(Optional.of("the normalizer 'NFKC' (the Java encoder implements NFC and "
                + "none)"), withChange(root -> ((ObjectNode) root.path("normalizer"))
                .put("type", "NFKC")));
        assertEquals(Optional.of("BPE continuing_subword_prefix '##'"), withChange(root ->
                ((ObjectNode) root.path("model")).put("continuing_subword_prefix", "##")));
        assertEquals(Optional.of("the post-processor 'RobertaProcessing'"), withChange(root ->
                root.set("post_processor", JSON.createObjectNode()
                        .put("type", "RobertaProcessing"))));
        assertEquals(Optional.of("the pre-tokenizer 'Whitespace' (the Java encoder implements "
                + "Split regexes before ByteLevel)"), withChange(root -> ((ArrayNode) root
                .path("pre_tokenizer").path("pretokenizers"))
                .insert(0, JSON.createObjectNode().put("type", "Whitespace"))));
    }

    @Test
    void shouldReadBothMergeForms() throws Exception {
        final JsonNode llama = PipelineReader.parse(RealTokenizers.json("llama3"));
        assertTrue(llama.path("model").path("merges").get(0).isTextual());
        final JsonNode qwen = PipelineReader.parse(RealTokenizers.json("qwen3"));
        assertTrue(qwen.path("model").path("merges").get(0).isArray());
        assertEquals(Optional.empty(), withChange(root -> {
            final ArrayNode merges = (ArrayNode) root.path("model").path("merges");
            for (int i = 0; i < merges.size(); i++) {
                final JsonNode m = merges.get(i);
                merges.set(i, JSON.getNodeFactory().textNode(m.get(0).asText() + " "
                        + m.get(1).asText()));
            }
        }));
    }
}
