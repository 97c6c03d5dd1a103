package io.sftstream.tokenize;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The real tokenizers the tests use, each loaded once per JVM on first use and shared by all test
 * classes (loading Qwen3 or Llama 3 takes about a second). Never closed: they live as long as
 * the test JVM. Qwen3 is the bundled default; Mistral 7B v0.1 and Llama 3 come from
 * {@code src/test/resources/tokenizers/<name>/} (gzipped tokenizer.json + tokenizer_config.json).
 */
public final class TestTokenizers {

    private TestTokenizers() {
    }

    /** The bundled Qwen3 tokenizer ({@code TokenizerBundle.load(null)}). */
    public static TokenizerBundle qwen3() {
        return Qwen3.BUNDLE;
    }

    /** Mistral 7B v0.1: SentencePiece-style BPE, {@code <s>} = 1, {@code </s>} = 2. */
    public static TokenizerBundle mistral() {
        return Mistral.BUNDLE;
    }

    /** Llama 3: byte-level BPE with 256 added tokens; test use only (Llama 3 license). */
    public static TokenizerBundle llama3() {
        return Llama3.BUNDLE;
    }

    /** The directory of a test tokenizer: {@code mistral} or {@code llama3}. */
    public static Path dir(final String name) {
        final URL url = TestTokenizers.class.getResource("/tokenizers/" + name + "/NOTICE");
        if (url == null) {
            throw new IllegalStateException("no test tokenizer named " + name);
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Qwen3 {
        static final TokenizerBundle BUNDLE = TokenizerBundle.load(null);
    }

    private static final class Mistral {
        static final TokenizerBundle BUNDLE = TokenizerBundle.load(dir("mistral").toString());
    }

    private static final class Llama3 {
        static final TokenizerBundle BUNDLE = TokenizerBundle.load(dir("llama3").toString());
    }
}
