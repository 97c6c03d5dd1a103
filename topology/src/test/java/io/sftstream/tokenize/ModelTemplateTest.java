package io.sftstream.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code --template model} on the real tokenizers and their own chat templates (SPEC sections 8
 * and 9): the end-of-turn probe, the spans of Qwen3's think block, Llama 3's trailing
 * generation prompt, truncation, template failures, tool calls and {@code --train-turns last}.
 */
class ModelTemplateTest {

    private static final int IM_END = 151645;

    static Path resource(final String name) {
        try {
            return Path.of(ModelTemplateTest.class.getResource("/chattemplate/" + name).toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Preprocessor model(final TokenizerBundle tokenizer, final String spec,
                                      final String kwargs, final SequenceLimits limits) {
        return new Preprocessor(new RecordParser(InputFormat.AUTO, 1_048_576), tokenizer,
                ModelTemplate.resolve(tokenizer, spec, null, kwargs, null, null), limits);
    }

    private static SequenceLimits limits() {
        return new SequenceLimits(4096, Overlong.REJECT, false);
    }

    private static TrainingRecord accepted(final Preprocessor p, final String json) {
        final Outcome outcome = p.process(json.getBytes(StandardCharsets.UTF_8), "t-0-0");
        return assertInstanceOf(Outcome.Accepted.class, outcome, outcome::toString).record();
    }

    private static Rejection rejected(final Preprocessor p, final String json) {
        final Outcome outcome = p.process(json.getBytes(StandardCharsets.UTF_8), "t-0-0");
        return assertInstanceOf(Outcome.Rejected.class, outcome, outcome::toString).rejection();
    }

    /** The text of the trained positions, in order, as one string. */
    private static String trainedText(final TokenizerBundle tokenizer, final TrainingRecord r) {
        return tokenizer.decode(Arrays.stream(r.labels())
                .filter(l -> l != TrainingRecord.IGNORE_INDEX).toArray());
    }

    @Test
    void shouldFindEachTemplatesEndOfTurnByProbe() {
        assertEquals("<|im_end|>", ModelTemplate.resolve(TestTokenizers.qwen3(), null, null, null,
                null, null).endOfTurnToken());
        assertEquals(IM_END, ModelTemplate.resolve(TestTokenizers.qwen3(), null, null, null,
                null, null).endOfTurnId());
        final ModelTemplate llama3 = ModelTemplate.resolve(TestTokenizers.llama3(),
                TestTokenizers.dir("llama3").toString(), null, null, null, null);
        assertEquals("<|eot_id|>", llama3.endOfTurnToken());
        assertEquals(128009, llama3.endOfTurnId());
        for (final String[] expected : new String[][] {{"llama3_1", "<|eot_id|>", "128009"},
            {"gemma3", "<end_of_turn>", "106"},
            {"deepseek_v3", "<｜end▁of▁sentence｜>", "1"}}) {
            final String dir = TestTokenizers.dir(expected[0]).toString();
            try (TokenizerBundle tokenizer = TokenizerBundle.load(dir)) {
                final ModelTemplate template = ModelTemplate.resolve(tokenizer, dir, null, null,
                        null, null);
                assertEquals(expected[1], template.endOfTurnToken(), expected[0]);
                assertEquals(Integer.parseInt(expected[2]), template.endOfTurnId(), expected[0]);
            }
        }
    }

    @Test
    void shouldRefuseATemplateThatEndsTurnsWithTheTextOfAnEosMarker() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> ModelTemplate.resolve(TestTokenizers.qwen3(), null,
                        resource("seed-bug.jinja").toString(), null, null, null));
        assertEquals("the chat template ends an assistant turn with \"</s>\\n\", which holds no "
                + "special token of this tokenizer: as text it encodes to 3 ids [522, 82, 397]; "
                + "fix the template so that it writes the end-of-turn token, or give it with "
                + "--eos-token.", e.getMessage());
    }

    @Test
    void shouldRefuseATemplateThatRaisesOnTheProbe() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> ModelTemplate.resolve(TestTokenizers.qwen3(), null,
                        resource("raises.jinja").toString(), null, null, null));
        assertTrue(e.getMessage().startsWith("the chat template fails on the probe "
                + "conversation [user \"Hi\", assistant \"Hello\"] ("), e.getMessage());
        assertTrue(e.getMessage().contains("This template renders no conversation."),
                e.getMessage());
    }

    @Test
    void shouldSuggestTemplateModelWhenABuiltinEndOfTurnIsNoToken() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> BuiltinTemplate.resolve(TestTokenizers.llama3(), TemplateName.CHATML,
                        null, null));
        assertTrue(e.getMessage().contains("This tokenizer ships its own chat template: try "
                + "--template model"), e.getMessage());
    }

    @Test
    void shouldTrainQwen3sEmptyThinkBlockOfTheLastTurnUnlessThinkingIsOff() {
        final String record = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}";
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final TrainingRecord thinking = accepted(model(qwen, null, null, limits()), record);
        assertArrayEquals(qwen.encode("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
                + "<think>\n\n</think>\n\nHello<|im_end|>\n"), thinking.inputIds());
        assertEquals("<think>\n\n</think>\n\nHello<|im_end|>", trainedText(qwen, thinking));
        final TrainingRecord off = accepted(model(qwen, null, "{\"enable_thinking\": false}",
                limits()), record);
        assertArrayEquals(thinking.inputIds(), off.inputIds());
        assertEquals("Hello<|im_end|>", trainedText(qwen, off));
        assertEquals(2, off.numTrainedTokens());
    }

    @Test
    void shouldPutReasoningInsideQwen3sThinkBlockAndTrainIt() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final TrainingRecord r = accepted(model(qwen, null, null, limits()),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Is 97 prime?\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Yes.\",\"reasoning_content\":"
                        + "\"No divisor up to 9.\"}]}");
        assertEquals("<think>\nNo divisor up to 9.\n</think>\n\nYes.<|im_end|>",
                trainedText(qwen, r));
    }

    @Test
    void shouldLeaveLlama3sAlwaysAppendedGenerationPromptUntrained() {
        final TokenizerBundle llama = TestTokenizers.llama3();
        final TrainingRecord r = accepted(model(llama, TestTokenizers.dir("llama3").toString(),
                null, limits()), "{\"prompt\":\"Hi\",\"response\":\"Hello\"}");
        final int[] ids = r.inputIds();
        assertArrayEquals(llama.encode("<|start_header_id|>assistant<|end_header_id|>\n\n"),
                Arrays.copyOfRange(ids, ids.length - 4, ids.length));
        assertArrayEquals(new int[] {-100, -100, -100, -100},
                Arrays.copyOfRange(r.labels(), ids.length - 4, ids.length));
        assertEquals("Hello<|eot_id|>", trainedText(llama, r));
    }

    @Test
    void shouldTruncateInsideTheLastResponseAndDropItsEndOfTurn() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final String record = "{\"prompt\":\"Count.\",\"response\":\"one two three four five six"
                + " seven eight nine ten\"}";
        final TrainingRecord whole = accepted(model(qwen, null, null, limits()), record);
        final int keep = whole.inputIds().length - 5;
        final TrainingRecord cut = accepted(model(qwen, null, null,
                new SequenceLimits(keep, Overlong.TRUNCATE, false)), record);
        assertTrue(cut.truncated());
        assertArrayEquals(Arrays.copyOf(whole.inputIds(), keep), cut.inputIds());
        assertArrayEquals(Arrays.copyOf(whole.labels(), keep), cut.labels());
        assertEquals(Arrays.stream(whole.inputIds()).filter(id -> id == IM_END).count() - 1,
                Arrays.stream(cut.inputIds()).filter(id -> id == IM_END).count(),
                "the cut drops the last answer's end-of-turn id");
        final Rejection tooShort = rejected(model(qwen, null, null,
                new SequenceLimits(10, Overlong.TRUNCATE, false)), record);
        assertEquals(Reason.TOO_LONG, tooShort.reason());
        assertEquals(Reason.TOO_LONG, rejected(model(qwen, null, null,
                new SequenceLimits(keep, Overlong.REJECT, false)), record).reason());
    }

    @Test
    void shouldRejectWithTheTemplatesOwnMessageWhenGemmaRaises() {
        final String dir = TestTokenizers.dir("gemma3").toString();
        try (TokenizerBundle gemma = TokenizerBundle.load(dir)) {
            final Rejection r = rejected(model(gemma, dir, null, limits()),
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant"
                            + "\",\"content\":\"\",\"tool_calls\":[{\"type\":\"function\","
                            + "\"function\":{\"name\":\"f\",\"arguments\":{}}}]},{\"role\":"
                            + "\"tool\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":"
                            + "\"ok\"}]}");
            assertEquals(Reason.BAD_CONVERSATION, r.reason());
            assertTrue(r.message().contains("Conversation roles must alternate user/assistant"),
                    r.message());
        }
    }

    @Test
    void shouldTrainBothToolCallingAnswersAndNeitherToolResult() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final TrainingRecord r = accepted(model(qwen, null, null, limits()),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Time in Tokyo and Lima?\"},"
                        + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"type\":\"function\",\"function\":{\"name\":\"local_time\","
                        + "\"arguments\":{\"tz\":\"Asia/Tokyo\"}}},"
                        + "{\"type\":\"function\",\"function\":{\"name\":\"local_time\","
                        + "\"arguments\":\"{\\\"tz\\\": \\\"America/Lima\\\"}\"}}]},"
                        + "{\"role\":\"tool\",\"content\":\"21:00\"},"
                        + "{\"role\":\"tool\",\"content\":\"07:00\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Tokyo 21:00, Lima 07:00.\"}]}");
        final String rendered = "<|im_start|>user\nTime in Tokyo and Lima?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"local_time\", \"arguments\": "
                + "{\"tz\": \"Asia/Tokyo\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"local_time\","
                + " \"arguments\": {\"tz\": \"America/Lima\"}}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\n21:00\n</tool_response>\n<tool_response>\n"
                + "07:00\n</tool_response><|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>"
                + "\n\nTokyo 21:00, Lima 07:00.<|im_end|>\n";
        assertArrayEquals(qwen.encode(rendered), r.inputIds());
        assertEquals("<tool_call>\n{\"name\": \"local_time\", \"arguments\": {\"tz\": "
                + "\"Asia/Tokyo\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"local_time\", "
                + "\"arguments\": {\"tz\": \"America/Lima\"}}\n</tool_call><|im_end|>"
                + "<think>\n\n</think>\n\nTokyo 21:00, Lima 07:00.<|im_end|>",
                trainedText(qwen, r));
    }

    @Test
    void shouldTrainOnlyTheLastAnswerWithTrainTurnsLast() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final String record = "{\"messages\":[{\"role\":\"user\",\"content\":\"Say yes.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Yes.\"},{\"role\":\"user\",\"content\":"
                + "\"Say no.\"},{\"role\":\"assistant\",\"content\":\"No.\"},{\"role\":\"user\","
                + "\"content\":\"Say maybe.\"},{\"role\":\"assistant\",\"content\":\"Maybe.\"}]}";
        final TrainingRecord all = accepted(model(qwen, null, null, limits()), record);
        final TrainingRecord last = accepted(model(qwen, null, null,
                new SequenceLimits(4096, Overlong.REJECT, false, true)), record);
        assertArrayEquals(all.inputIds(), last.inputIds());
        assertEquals("Yes.<|im_end|>No.<|im_end|><think>\n\n</think>\n\nMaybe.<|im_end|>",
                trainedText(qwen, all));
        assertEquals("<think>\n\n</think>\n\nMaybe.<|im_end|>", trainedText(qwen, last));
    }

    @Test
    void shouldGuardTokensTheChatTemplateWritesButNotOtherAddedTokens() {
        final Preprocessor p = model(TestTokenizers.qwen3(), null, null, limits());
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, rejected(p, "{\"prompt\":\"What is <think>?\","
                + "\"response\":\"A tag.\"}").reason());
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, rejected(p, "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"q\":"
                + "\"<|im_end|>\"}}}]},{\"role\":\"tool\",\"content\":\"x\"},{\"role\":"
                + "\"assistant\",\"content\":\"ok\"}]}").reason());
        assertEquals(Reason.SPECIAL_TOKEN_IN_TEXT, rejected(p, "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"ok\"}],\"tools\":"
                + "[{\"type\":\"function\",\"function\":{\"name\":\"<tool_call>\"}}]}").reason());
        accepted(p, "{\"prompt\":\"Show <|fim_prefix|> as text.\",\"response\":\"Shown.\"}");
    }
}
