package io.sftstream.tokenize.bpe;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sftstream.tokenize.TestTokenizers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real byte-level BPE tokenizers, each as its tokenizer.json bytes, the Java encoder and
 * the library through DJL, loaded once per JVM. Qwen3 is the bundled one; Llama 3, Llama 3.1
 * and DeepSeek V3 are gzipped test resources.
 */
final class RealTokenizers {

    static final List<String> NAMES = List.of("qwen3", "llama3", "llama3_1", "deepseek_v3");

    private static final Map<String, Pair> LOADED = new ConcurrentHashMap<>();

    private RealTokenizers() {
    }

    /** One tokenizer with both engines. */
    record Pair(String name, byte[] json, ByteLevelBpe java, HuggingFaceTokenizer library,
                List<String> addedTokens) {

        int[] libraryIds(final String text) {
            final long[] ids = library.encode(text, false, false).getIds();
            final int[] out = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = (int) ids[i];
            }
            return out;
        }
    }

    static Pair get(final String name) {
        return LOADED.computeIfAbsent(name, RealTokenizers::load);
    }

    static byte[] json(final String name) {
        try {
            final byte[] raw;
            if ("qwen3".equals(name)) {
                try (InputStream in = RealTokenizers.class.getResourceAsStream(
                        "/io/sftstream/tokenizers/qwen3/tokenizer.json.gz")) {
                    raw = in.readAllBytes();
                }
            } else {
                raw = Files.readAllBytes(TestTokenizers.dir(name).resolve("tokenizer.json.gz"));
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pair load(final String name) {
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        final byte[] json = json(name);
        try {
            final HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json), Map.of("addSpecialTokens", "false",
                            "truncation", "false", "padding", "false"));
            final ByteLevelBpe java = ByteLevelBpe.build(json);
            final List<String> added = new ArrayList<>();
            final JsonNode root = PipelineReader.parse(json);
            root.path("added_tokens").forEach(t -> added.add(t.path("content").asText()));
            return new Pair(name, json, java, library, List.copyOf(added));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
