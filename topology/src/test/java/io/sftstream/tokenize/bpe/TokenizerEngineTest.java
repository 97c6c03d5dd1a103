package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.tokenize.TokenizerLoadException;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which engine runs for which real tokenizer, and the refusal of java where it cannot. */
class TokenizerEngineTest {

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3", "llama3_1", "deepseek_v3"})
    void shouldImplementTheByteLevelBpePipelines(final String name) {
        assertEquals(Optional.empty(), ByteLevelBpe.unsupportedPart(RealTokenizers.json(name)));
    }

    @Test
    void shouldNameTheMistralNormalizerAsUnsupported() throws Exception {
        final byte[] json = Files.readAllBytes(
                TestTokenizers.dir("mistral").resolve("tokenizer.json.gz"));
        final Optional<String> part = ByteLevelBpe.unsupportedPart(
                new GZIPInputStream(new ByteArrayInputStream(json))
                        .readAllBytes());
        assertEquals(Optional.of("the normalizer 'Prepend' (the Java encoder implements NFC "
                + "and none)"), part);
    }

    @Test
    void shouldChooseJavaForQwen3AndDjlForMistralUnderAuto() {
        assertEquals(TokenizerEngine.JAVA, TestTokenizers.qwen3().engine().engine());
        assertEquals(TokenizerEngine.DJL, TestTokenizers.mistral().engine().engine());
        assertTrue(TestTokenizers.mistral().engine().reason().contains("'Prepend'"),
                TestTokenizers.mistral().engine().reason());
    }

    @Test
    void shouldRefuseJavaForMistralWithASentenceNamingThePart() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> TokenizerBundle.load(TestTokenizers.dir("mistral").toString(),
                        TokenizerEngine.JAVA));
        assertTrue(e.getMessage().contains("does not implement the normalizer 'Prepend'"),
                e.getMessage());
    }

    @Test
    void shouldEncodeWithDjlWhenAskedAndGiveTheSameIds() {
        try (TokenizerBundle djl = TokenizerBundle.load(null, TokenizerEngine.DJL)) {
            assertEquals(TokenizerEngine.DJL, djl.engine().engine());
            final String text = "The text </s> is not a token; <|im_end|> is. 中文测试，你好！"
                    + " naïve café";
            assertArrayEquals(djl.encode(text), TestTokenizers.qwen3().encode(text));
            assertArrayEquals(new int[] {522, 82, 29}, TestTokenizers.qwen3().encode("</s>"));
        }
    }

    @Test
    void shouldParseTheSettingValues() {
        assertEquals(TokenizerEngine.AUTO, TokenizerEngine.parse("auto"));
        assertEquals(TokenizerEngine.JAVA, TokenizerEngine.parse(" Java "));
        assertEquals(TokenizerEngine.DJL, TokenizerEngine.parse("djl"));
        assertThrows(IllegalArgumentException.class, () -> TokenizerEngine.parse("rust"));
    }

    @Test
    void shouldPassVerificationWhenBothEnginesAgree() {
        try (TokenizerBundle qwen = TokenizerBundle.load(null, TokenizerEngine.JAVA)) {
            qwen.verifyEngines(3);
            for (int i = 0; i < 5; i++) {
                assertEquals(qwen.encodeWithLibrary("hello world " + i).length,
                        qwen.encode("hello world " + i).length);
            }
        }
    }
}
