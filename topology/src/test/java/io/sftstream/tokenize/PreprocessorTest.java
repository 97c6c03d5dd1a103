package io.sftstream.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static Preprocessor preprocessor(final TokenizerBundle tokenizer,
                                             final TemplateName template, final int maxTokens,
                                             final Overlong overlong, final boolean trainOnPrompt) {
        return new Preprocessor(new RecordParser(InputFormat.AUTO, 1_048_576), tokenizer,
                BuiltinTemplate.resolve(tokenizer, template, null, null), maxTokens, overlong,
                trainOnPrompt);
    }

    private static Preprocessor qwen() {
        return preprocessor(TestTokenizers.qwen3(), TemplateName.CHATML, 4096, Overlong.REJECT,
                false);
    }

    private static TrainingRecord accepted(final Preprocessor p, final String json) {
        final Outcome outcome = p.process(json.getBytes(StandardCharsets.UTF_8), "t-0-0");
        return assertInstanceOf(Outcome.Accepted.class, outcome, () -> outcome.toString())
                .record();
    }

    private static Rejection rejected(final Preprocessor p, final String json) {
        final Outcome outcome = p.process(json.getBytes(StandardCharsets.UTF_8), "t-0-0");
        return assertInstanceOf(Outcome.Rejected.class, outcome, () -> outcome.toString())
                .rejection();
    }

    private static int[] concat(final int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static int[] masked(final int n) {
        final int[] m = new int[n];
        Arrays.fill(m, TrainingRecord.IGNORE_INDEX);
        return m;
    }

    @Test
    void shouldEndChatmlWithImEndIdAndMaskExactlyThePrompt() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final TrainingRecord r = accepted(qwen(),
                "{\"id\":\"c1\",\"system\":\"Be brief.\",\"prompt\":\"What is 2+2?\","
                        + "\"response\":\"4\"}");
        final int[] system = qwen.encode("<|im_start|>system\nBe brief.<|im_end|>\n");
        final int[] prompt = qwen.encode(
                "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        final int[] response = qwen.encode("4");
        assertArrayEquals(new int[] {151644, 8948, 198, 3430, 9814, 13, 151645, 198}, system);
        assertArrayEquals(concat(system, prompt, response, new int[] {151645}), r.inputIds());
        assertArrayEquals(concat(masked(system.length + prompt.length), response,
                new int[] {151645}), r.labels());
        assertEquals(151645, r.inputIds()[r.numTokens() - 1]);
        assertEquals(response.length + 1, r.numTrainedTokens());
        assertFalse(r.truncated());
        assertEquals("c1", r.id());
    }

    @Test
    void shouldTrainOnEveryResponseAndEndOfTurnOfAMultiTurnConversation() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final TrainingRecord r = accepted(qwen(), "{\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"},"
                + "{\"role\":\"user\",\"content\":\"Bye\"},{\"role\":\"assistant\",\"content\":\"Ciao\"}]}");
        final int[] p1 = qwen.encode("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
        final int[] a1 = qwen.encode("Hello");
        final int[] p2 = qwen.encode("\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n");
        final int[] a2 = qwen.encode("Ciao");
        assertArrayEquals(concat(p1, a1, new int[] {151645}, p2, a2, new int[] {151645}),
                r.inputIds());
        assertArrayEquals(concat(masked(p1.length), a1, new int[] {151645}, masked(p2.length), a2,
                new int[] {151645}), r.labels());
        assertEquals("t-0-0", r.id());
    }

    @Test
    void shouldTrainOnAllPositionsWithTrainOnPrompt() {
        final TrainingRecord r = accepted(preprocessor(TestTokenizers.qwen3(),
                TemplateName.CHATML, 4096, Overlong.REJECT, true),
                "{\"prompt\":\"a\",\"response\":\"b\"}");
        assertArrayEquals(r.inputIds(), r.labels());
        assertEquals(r.numTokens(), r.numTrainedTokens());
    }

    @Test
    void shouldStartEveryLlama2TurnWithBosAndEndWithEosId() {
        final TokenizerBundle mistral = TestTokenizers.mistral();
        final TrainingRecord r = accepted(preprocessor(mistral, TemplateName.LLAMA2, 4096,
                Overlong.REJECT, false), "{\"instruction\":\"q2\",\"output\":\"a2\","
                + "\"system\":\"S\",\"history\":[[\"q1\",\"a1\"]]}");
        final int[] p1 = mistral.encode("[INST] <<SYS>>\nS\n<</SYS>>\n\nq1 [/INST]");
        final int[] a1 = mistral.encode("a1");
        final int[] p2 = mistral.encode("[INST] q2 [/INST]");
        final int[] a2 = mistral.encode("a2");
        assertArrayEquals(concat(new int[] {1}, p1, a1, new int[] {2}, new int[] {1}, p2, a2,
                new int[] {2}), r.inputIds());
        assertArrayEquals(concat(masked(1 + p1.length), a1, new int[] {2},
                masked(1 + p2.length), a2, new int[] {2}), r.labels());
        // [INST] is 733, 16289, 28793 for Mistral (after the segment's own leading '▁').
        assertArrayEquals(new int[] {733, 16289, 28793}, Arrays.copyOfRange(p2, 0, 3));
    }

    @Test
    void shouldRejectEosTextInsideMistralUserText() {
        final Rejection r = rejected(preprocessor(TestTokenizers.mistral(), TemplateName.LLAMA2,
                4096, Overlong.REJECT, false), "{\"prompt\":\"finish here</s> and go on\","
                + "\"response\":\"ok\"}");
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, r.reason());
        assertEquals("the user text contains \"</s>\", an added token of this tokenizer (id 2); "
                + "the tokenizer would turn it into that token instead of plain text",
                r.message());
        // Left alone, the tokenizer would indeed make a real EOS id out of it.
        assertTrue(Arrays.stream(TestTokenizers.mistral().encode("here</s> and"))
                .anyMatch(id -> id == 2));
    }

    @Test
    void shouldScanSystemHistoryAndAssistantTextsForGuardedTokensOnly() {
        final Preprocessor p = qwen();
        assertEquals("the system text contains \"<|im_start|>\", an added token of this "
                + "tokenizer (id 151644); the tokenizer would turn it into that token instead "
                + "of plain text", rejected(p, "{\"prompt\":\"p\",\"response\":\"r\","
                + "\"system\":\"x<|im_start|>\"}").message());
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, rejected(p, "{\"instruction\":\"i\","
                + "\"output\":\"o\",\"history\":[[\"u\",\"let me <|endoftext|>\"]]}").reason());
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, rejected(p, "{\"instruction\":\"i\","
                + "\"input\":\"<|im_start|>\",\"output\":\"o\"}").reason());
        // Non-special added tokens that chatml does not write are ordinary vocabulary (SPEC
        // section 2): Qwen3's <think> in an answer is encoded to its id, as at inference.
        final TrainingRecord think = accepted(p, "{\"prompt\":\"u\",\"response\":"
                + "\"<think>x</think>y\"}");
        assertArrayEquals(TestTokenizers.qwen3().encode("<think>x</think>y"),
                Arrays.copyOfRange(think.inputIds(), 9, think.numTokens() - 1));
        assertEquals(151667, think.inputIds()[9]);
        // Case-sensitive, and the id and ignored fields are not scanned.
        accepted(p, "{\"id\":\"<|im_end|>\",\"prompt\":\"<|IM_END|>\",\"response\":\"r\","
                + "\"note\":\"<|im_end|>\"}");
    }

    @Test
    void shouldUseEotIdNotEndOfTextForLlama3() {
        final TrainingRecord r = accepted(preprocessor(TestTokenizers.llama3(),
                TemplateName.LLAMA3, 4096, Overlong.REJECT, false),
                "{\"prompt\":\"  Hi  \",\"response\":\" Hello \"}");
        assertEquals(128000, r.inputIds()[0]);
        assertEquals(128009, r.inputIds()[r.numTokens() - 1]);
        assertFalse(Arrays.stream(r.inputIds()).anyMatch(id -> id == 128001));
    }

    @Test
    void shouldFitASequenceOfExactlyMaxTokensAndRejectOneMore() {
        final String json = "{\"prompt\":\"p\",\"response\":\"one two three\"}";
        final int length = accepted(qwen(), json).numTokens();
        accepted(preprocessor(TestTokenizers.qwen3(), TemplateName.CHATML, length,
                Overlong.REJECT, false), json);
        final Rejection r = rejected(preprocessor(TestTokenizers.qwen3(), TemplateName.CHATML,
                length - 1, Overlong.REJECT, false), json);
        assertEquals(new Rejection(Reason.TOO_LONG, "sequence is " + length
                + " tokens, longer than max.tokens=" + (length - 1)), r);
    }

    @Test
    void shouldTruncateOnlyTheLastResponseAndDropItsEndOfTurn() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\"},{\"role\":\"user\",\"content\":"
                + "\"Count\"},{\"role\":\"assistant\",\"content\":\"one two three four five\"}]}";
        final TrainingRecord full = accepted(qwen(), json);
        final int[] last = qwen.encode("one two three four five");
        final int prefix = full.numTokens() - last.length - 1;
        final TrainingRecord cut = accepted(preprocessor(qwen, TemplateName.CHATML, prefix + 2,
                Overlong.TRUNCATE, false), json);
        assertTrue(cut.truncated());
        assertEquals(prefix + 2, cut.numTokens());
        assertArrayEquals(Arrays.copyOf(full.inputIds(), prefix + 2), cut.inputIds());
        assertArrayEquals(Arrays.copyOf(full.labels(), prefix + 2), cut.labels());
        assertEquals(last[1], cut.inputIds()[cut.numTokens() - 1]);
        // Only the end-of-turn id does not fit: keep the whole response, no end-of-turn.
        final TrainingRecord noEot = accepted(preprocessor(qwen, TemplateName.CHATML,
                full.numTokens() - 1, Overlong.TRUNCATE, false), json);
        assertTrue(noEot.truncated());
        assertArrayEquals(Arrays.copyOf(full.inputIds(), full.numTokens() - 1),
                noEot.inputIds());
        // Not one response token fits.
        assertEquals(Reason.TOO_LONG, rejected(preprocessor(qwen, TemplateName.CHATML, prefix,
                Overlong.TRUNCATE, false), json).reason());
        // Fits: not marked truncated.
        assertFalse(accepted(preprocessor(qwen, TemplateName.CHATML, full.numTokens(),
                Overlong.TRUNCATE, false), json).truncated());
    }

    @Test
    void shouldApplyRawTemplateLimitsBeforeTheSpecialTokenScan() {
        final Preprocessor raw = preprocessor(TestTokenizers.mistral(), TemplateName.RAW, 4096,
                Overlong.REJECT, false);
        assertEquals(Reason.BAD_CONVERSATION, rejected(raw, "{\"prompt\":\"</s>\","
                + "\"response\":\"r\",\"system\":\"s\"}").reason());
        assertEquals(Reason.BAD_CONVERSATION, rejected(raw, "{\"instruction\":\"q\","
                + "\"output\":\"a\",\"history\":[[\"u\",\"v\"]]}").reason());
        final TrainingRecord r = accepted(raw, "{\"prompt\":\"q\",\"response\":\"a\","
                + "\"system\":\"  \"}");
        assertEquals(1, r.inputIds()[0]);
        assertEquals(2, r.inputIds()[r.numTokens() - 1]);
    }

    @Test
    void shouldCheckSpecialTokensBeforeLength() {
        final Preprocessor tight = preprocessor(TestTokenizers.qwen3(), TemplateName.CHATML, 5,
                Overlong.REJECT, false);
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, rejected(tight, "{\"prompt\":\""
                + "long ".repeat(50) + "<|endoftext|>\",\"response\":\"r\"}").reason());
    }
}
