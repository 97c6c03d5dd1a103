package io.sftstream.tokenize;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerBundleTest {

    @Test
    void shouldEncodeSlashSAsThreeIdsWithQwen3() {
        assertArrayEquals(new int[] {522, 82, 29}, TestTokenizers.qwen3().encode("</s>"));
    }

    @Test
    void shouldReportTokenOffsetsInCodePointsOutsideTheBmpToo() {
        // The emoji is two UTF-16 units and four UTF-8 bytes, but one code point.
        final String text = "a\uD83D\uDE00b \u00e9t\u00e9 <|im_end|>x";
        final EncodedText encoded = TestTokenizers.qwen3().encodeWithOffsets(text);
        assertArrayEquals(new int[] {64, 141334, 65, 23639, 220, 151645, 87}, encoded.ids());
        assertArrayEquals(new int[] {0, 1, 2, 3, 7, 8, 18}, encoded.starts());
        assertArrayEquals(new int[] {1, 2, 3, 7, 8, 18, 19}, encoded.ends());
        assertArrayEquals(TestTokenizers.qwen3().encode(text), encoded.ids());
        assertEquals(text.codePointCount(0, text.length()), encoded.ends()[encoded.size() - 1]);
    }

    @Test
    void shouldFindQwen3sUnreachableVocabEntryForSlashS() {
        assertEquals(OptionalInt.of(128247), TestTokenizers.qwen3().tokenId("</s>"));
        assertEquals("</s>", TestTokenizers.qwen3().tokenPiece(128247));
    }

    @Test
    void shouldLookUpAddedTokensBeforeTheVocabulary() {
        assertEquals(OptionalInt.of(151645), TestTokenizers.qwen3().tokenId("<|im_end|>"));
        assertEquals(OptionalInt.of(2), TestTokenizers.mistral().tokenId("</s>"));
        assertEquals(OptionalInt.of(1), TestTokenizers.mistral().tokenId("<s>"));
        assertEquals(OptionalInt.of(128009), TestTokenizers.llama3().tokenId("<|eot_id|>"));
        assertEquals(OptionalInt.empty(), TestTokenizers.qwen3().tokenId("<|eot_id|>"));
    }

    @Test
    void shouldTurnAddedTokensWrittenInTextIntoTheirIds() {
        assertArrayEquals(new int[] {151644, 872, 198, 13048, 151645, 198},
                TestTokenizers.qwen3().encode("<|im_start|>user\nHi<|im_end|>\n"));
        assertArrayEquals(new int[] {4665, 948, 2, 1236},
                TestTokenizers.mistral().encode("please end</s>here"));
    }

    @Test
    void shouldNotAddSpecialTokens() {
        // Mistral's post-processor would put <s> (1) in front with add_special_tokens=true.
        assertArrayEquals(new int[] {733, 16289, 28793, 12014, 733, 28748, 16289, 28793},
                TestTokenizers.mistral().encode("[INST] hi [/INST]"));
        assertArrayEquals(new int[0], TestTokenizers.qwen3().encode(""));
    }

    @Test
    void shouldNotTruncateTextsLongerThan512Tokens() {
        final TokenizerBundle qwen3 = TestTokenizers.qwen3();
        assertArrayEquals(new int[] {23811}, qwen3.encode(" hello"));
        final int[] ids = qwen3.encode(" hello".repeat(4000));
        assertEquals(4000, ids.length);
        assertTrue(Arrays.stream(ids).allMatch(id -> id == 23811));

        final int[] llama = TestTokenizers.llama3().encode(" hello".repeat(3500));
        assertEquals(3500, llama.length);
        assertTrue(Arrays.stream(llama).allMatch(id -> id == 24748));
    }

    @Test
    void shouldEncodeNonBmpTextThroughTheFastPath() {
        assertArrayEquals(new int[] {64, 141334, 65},
                TestTokenizers.qwen3().encode("a\uD83D\uDE00b"));
    }

    @Test
    void shouldGiveTheSameIdsFromManyThreads() throws Exception {
        final TokenizerBundle qwen3 = TestTokenizers.qwen3();
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add("Record " + i + ": <|im_start|>user\n" + "lorem ipsum ".repeat(i) + "é😀");
        }
        final List<int[]> expected = texts.stream().map(qwen3::encode).toList();
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < texts.size(); i++) {
                            if (!Arrays.equals(expected.get(i), qwen3.encode(texts.get(i)))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (final Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldReadTokenizerConfig() {
        final TokenizerBundle qwen3 = TestTokenizers.qwen3();
        assertEquals(Optional.empty(), qwen3.bosToken());
        assertEquals(Optional.of("<|im_end|>"), qwen3.eosToken());
        assertFalse(qwen3.addBosToken());
        assertTrue(qwen3.chatTemplate().orElseThrow().contains("<|im_start|>"));

        final TokenizerBundle mistral = TestTokenizers.mistral();
        assertEquals(Optional.of("<s>"), mistral.bosToken());
        assertEquals(Optional.of("</s>"), mistral.eosToken());
        assertTrue(mistral.addBosToken());
        assertEquals(Optional.empty(), mistral.chatTemplate());

        final TokenizerBundle llama3 = TestTokenizers.llama3();
        assertEquals(Optional.of("<|begin_of_text|>"), llama3.bosToken());
        assertEquals(Optional.of("<|end_of_text|>"), llama3.eosToken());
        assertFalse(llama3.addBosToken());
    }

    @Test
    void shouldReadBosAndEosGivenAsContentObjects() {
        final TokenizerConfigFile config = TokenizerConfigFile.parse(("{\"bos_token\": "
                + "{\"content\": \"<s>\", \"lstrip\": false}, \"eos_token\": null, "
                + "\"add_bos_token\": \"true\"}").getBytes(), "test");
        assertEquals(Optional.of("<s>"), config.bosToken());
        assertEquals(Optional.empty(), config.eosToken());
        assertFalse(config.addBosToken(), "only the JSON literal true counts");
        assertEquals(TokenizerConfigFile.NONE, TokenizerConfigFile.parse(null, "test"));
    }

    @Test
    void shouldListEveryAddedToken() {
        final List<String> qwen3 = TestTokenizers.qwen3().addedTokenContents();
        assertEquals(26, qwen3.size());
        assertEquals("<|endoftext|>", qwen3.get(0));
        assertTrue(qwen3.contains("<think>"));
        assertEquals(256, TestTokenizers.llama3().addedTokenContents().size());
        assertEquals(List.of("<unk>", "<s>", "</s>"),
                TestTokenizers.mistral().addedTokenContents());
    }

    @Test
    void shouldShowTokenPieces() {
        assertEquals("<s>", TestTokenizers.mistral().tokenPiece(1));
        assertEquals("]", TestTokenizers.mistral().tokenPiece(28793));
        assertEquals("Ġhello", TestTokenizers.qwen3().tokenPiece(23811));
        assertEquals("<id 999999>", TestTokenizers.qwen3().tokenPiece(999999));
        assertEquals("<id -1>", TestTokenizers.qwen3().tokenPiece(-1));
        assertEquals(151668, TestTokenizers.qwen3().maxId());
    }

    @Test
    void shouldHashTheExactTokenizerJsonBytes() throws IOException {
        assertEquals("aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4",
                TestTokenizers.qwen3().sha256Hex());
        assertEquals("fc4f0bd70b3709312d9d1d9e5ba674794b6bc5abc17429897a540f93882f25fc",
                TestTokenizers.mistral().sha256Hex());
        assertEquals("the bundled Qwen3 tokenizer", TestTokenizers.qwen3().source());

        final byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                TestTokenizers.dir("mistral").resolve("tokenizer.json.gz")))) {
            plain = in.readAllBytes();
        }
        try (TokenizerBundle fromPlain = TokenizerBundle.fromBytes(plain, null, "plain")) {
            assertEquals(TestTokenizers.mistral().sha256Hex(), fromPlain.sha256Hex());
            assertEquals(Optional.empty(), fromPlain.bosToken());
            assertFalse(fromPlain.addBosToken());
        }
    }

    @Test
    void shouldRefuseToEncodeAfterClose() throws IOException {
        final byte[] gz = Files.readAllBytes(
                TestTokenizers.dir("mistral").resolve("tokenizer.json.gz"));
        final TokenizerBundle bundle = TokenizerBundle.fromBytes(gz, null, "closing test");
        assertArrayEquals(new int[] {2}, bundle.encode("</s>"));
        bundle.close();
        bundle.close();
        assertThrows(IllegalStateException.class, () -> bundle.encode("</s>"));
    }
}
