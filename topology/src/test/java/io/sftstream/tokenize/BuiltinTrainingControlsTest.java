package io.sftstream.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --train-turns}, {@code weight} and agent records with the built-in templates. */
class BuiltinTrainingControlsTest {

    private static final String THREE_TURNS = "{\"messages\":["
            + "{\"role\":\"user\",\"content\":\"Say yes.\"},{\"role\":\"assistant\",\"content\":\"Yes.\"},"
            + "{\"role\":\"user\",\"content\":\"Say no.\"},{\"role\":\"assistant\",\"content\":\"No.\"},"
            + "{\"role\":\"user\",\"content\":\"Say maybe.\"},"
            + "{\"role\":\"assistant\",\"content\":\"Maybe.\"}]}";

    private static TokenizerBundle tokenizer(final String name) {
        return switch (name) {
            case "qwen3" -> TestTokenizers.qwen3();
            case "llama3" -> TestTokenizers.llama3();
            default -> TestTokenizers.mistral();
        };
    }

    private static Preprocessor builtin(final TokenizerBundle tokenizer, final TemplateName name,
                                        final boolean lastTurnOnly) {
        return new Preprocessor(new RecordParser(InputFormat.AUTO, 1_048_576), tokenizer,
                BuiltinTemplate.resolve(tokenizer, name, null, null),
                new SequenceLimits(4096, Overlong.REJECT, false, lastTurnOnly));
    }

    private static Outcome process(final Preprocessor p, final String json) {
        return p.process(json.getBytes(StandardCharsets.UTF_8), "t-0-0");
    }

    private static TrainingRecord accepted(final Preprocessor p, final String json) {
        final Outcome outcome = process(p, json);
        return assertInstanceOf(Outcome.Accepted.class, outcome, outcome::toString).record();
    }

    private static String trainedText(final TokenizerBundle tokenizer, final TrainingRecord r) {
        return tokenizer.decode(Arrays.stream(r.labels())
                .filter(l -> l != TrainingRecord.IGNORE_INDEX).toArray());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"chatml,qwen3,<|im_end|>", "llama3,llama3,<|eot_id|>", "llama2,mistral,</s>",
        "alpaca,mistral,</s>"})
    void shouldTrainOnlyTheLastAnswerWithTrainTurnsLast(final String template,
                                                        final String tokenizerName,
                                                        final String endOfTurn) {
        final TokenizerBundle tokenizer = tokenizer(tokenizerName);
        final TemplateName name = TemplateName.fromCliName(template);
        final TrainingRecord all = accepted(builtin(tokenizer, name, false), THREE_TURNS);
        final TrainingRecord last = accepted(builtin(tokenizer, name, true), THREE_TURNS);
        assertArrayEquals(all.inputIds(), last.inputIds());
        final int[] lastAnswer = tokenizer.encode("Maybe.");
        final int eot = tokenizer.tokenId(endOfTurn).getAsInt();
        final int[] expected = new int[all.numTokens()];
        Arrays.fill(expected, TrainingRecord.IGNORE_INDEX);
        final int end = all.numTokens();
        System.arraycopy(lastAnswer, 0, expected, end - 1 - lastAnswer.length, lastAnswer.length);
        expected[end - 1] = eot;
        assertArrayEquals(expected, last.labels());
        assertEquals(lastAnswer.length + 1, last.numTrainedTokens());
        assertEquals(3 * 1 + tokenizer.encode("Yes.").length + tokenizer.encode("No.").length
                + lastAnswer.length, all.numTrainedTokens());
    }

    @Test
    void shouldLeaveAWeightZeroAnswerUntrainedAndRejectARecordWithNothingTrained() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        final Preprocessor p = builtin(qwen, TemplateName.CHATML, false);
        final TrainingRecord r = accepted(p, "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Spell cat backwards.\"},{\"role\":\"assistant\",\"content\":\"tac\","
                + "\"weight\":0},{\"role\":\"user\",\"content\":\"Now dog.\"},{\"role\":"
                + "\"assistant\",\"content\":\"god\"}]}");
        assertEquals("god<|im_end|>", trainedText(qwen, r));
        final Outcome none = process(p, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\",\"weight\":0}]}");
        assertEquals(Rejection.of(Reason.BAD_CONVERSATION, "no position of the record is "
                + "trained (every assistant message that could be trained has weight 0)"),
                assertInstanceOf(Outcome.Rejected.class, none).rejection());
        final Outcome lastUntrained = process(builtin(qwen, TemplateName.CHATML, true),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\","
                        + "\"content\":\"b\"},{\"role\":\"user\",\"content\":\"c\"},{\"role\":"
                        + "\"assistant\",\"content\":\"d\",\"weight\":0}]}");
        assertEquals(Reason.BAD_CONVERSATION,
                assertInstanceOf(Outcome.Rejected.class, lastUntrained).rejection().reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tools|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\","
                + "\"content\":\"a\"}],\"tools\":[{\"type\":\"function\"}]}",
        "tool_calls|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":"
                + "\"f\",\"arguments\":{}}}]},{\"role\":\"tool\",\"content\":\"r\"},{\"role\":"
                + "\"assistant\",\"content\":\"a\"}]}",
        "reasoning_content|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":"
                + "\"assistant\",\"content\":\"a\",\"reasoning_content\":\"r\"}]}",
    })
    void shouldRejectAgentRecordsNamingTemplateModel(final String field, final String json) {
        final Outcome outcome = process(builtin(TestTokenizers.qwen3(), TemplateName.CHATML,
                false), json);
        assertEquals(Rejection.of(Reason.BAD_CONVERSATION, "the record has " + field
                + ", which only a model's own chat template writes: run with --template model "
                + "(template 'chatml' has no place for it)"),
                assertInstanceOf(Outcome.Rejected.class, outcome).rejection());
    }
}
