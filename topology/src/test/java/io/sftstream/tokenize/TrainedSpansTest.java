package io.sftstream.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainedSpansTest {

    private static final String EOT = "<|im_end|>";

    @Test
    void shouldSpanFromGenerationPromptToEndOfTurnInclusive() {
        final String g0 = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        final String r = g0 + "Hello<|im_end|>\n";
        final TrainedSpans.Result result = TrainedSpans.find(r,
                List.of(new TrainedSpans.Prompt(1, g0, "<|im_start|>user\nHi<|im_end|>\n")), EOT);
        final TrainedSpans.Spans spans = assertInstanceOf(TrainedSpans.Spans.class, result);
        assertArrayEquals(new int[] {g0.length()}, spans.starts());
        assertArrayEquals(new int[] {g0.length() + 5 + EOT.length()}, spans.ends());
    }

    @Test
    void shouldStartWhereGenerationPromptDepartsFromTheRendering() {
        // Qwen3 with enable_thinking=false: G_i ends with an empty think block R does not have.
        final String h = "<|im_start|>user\nA<|im_end|>\n";
        final String g = h + "<|im_start|>assistant\n<think>\n\n</think>\n\n";
        final String r = h + "<|im_start|>assistant\nB<|im_end|>\n";
        final TrainedSpans.Spans spans = assertInstanceOf(TrainedSpans.Spans.class,
                TrainedSpans.find(r, List.of(new TrainedSpans.Prompt(1, g, h)), EOT));
        assertArrayEquals(new int[] {(h + "<|im_start|>assistant\n").length()}, spans.starts());
    }

    @Test
    void shouldCountCodePointsNotChars() {
        final String g = "U:🧑‍🚀\nA:";
        final String r = g + "🧑x" + EOT;
        final TrainedSpans.Spans spans = assertInstanceOf(TrainedSpans.Spans.class,
                TrainedSpans.find(r, List.of(new TrainedSpans.Prompt(1, g, "U:🧑‍🚀\n")), EOT));
        assertEquals(g.codePointCount(0, g.length()), spans.starts()[0]);
        assertEquals(r.codePointCount(0, r.length()), spans.ends()[0]);
    }

    @Test
    void shouldRefuseHistoryThatIsNotAPrefix() {
        final TrainedSpans.Invalid invalid = assertInstanceOf(TrainedSpans.Invalid.class,
                TrainedSpans.find("ab" + EOT, List.of(new TrainedSpans.Prompt(1, "a", "x")), EOT));
        assertEquals("the chat template renders the conversation before the assistant message "
                + "messages[1] differently from the start of the whole conversation, so its "
                + "trained span cannot be found", invalid.message());
    }

    @Test
    void shouldRefuseGenerationPromptDepartingBeforeTheMessage() {
        assertInstanceOf(TrainedSpans.Invalid.class, TrainedSpans.find("abcd" + EOT,
                List.of(new TrainedSpans.Prompt(1, "aXcd", "abc")), EOT));
    }

    @Test
    void shouldRefuseMissingEndOfTurnAndOneThatComesAfterTheNextMessage() {
        final TrainedSpans.Invalid none = assertInstanceOf(TrainedSpans.Invalid.class,
                TrainedSpans.find("u:a\nx:b", List.of(new TrainedSpans.Prompt(1, "u:a\nx:", "u:a\n")),
                        EOT));
        assertEquals("no end-of-turn \"<|im_end|>\" follows the assistant message messages[1]",
                none.message());
        // The first message's turn is not ended before the second message's span begins.
        final String r = "u:a\nx:b\nt:c\nx:d" + EOT;
        assertInstanceOf(TrainedSpans.Invalid.class, TrainedSpans.find(r, List.of(
                new TrainedSpans.Prompt(1, "u:a\nx:", "u:a\n"),
                new TrainedSpans.Prompt(3, "u:a\nx:b\nt:c\nx:", "u:a\nx:b\nt:c\n")), EOT));
    }

    @Test
    void shouldNotEndACommonPrefixInsideASurrogatePair() {
        assertEquals(1, TrainedSpans.commonPrefix("a\uD83D\uDE00", "a\uD83D\uDE01"));
    }

    @Test
    void shouldLabelTokensOverlappingTrainedSpans() {
        final TrainedSpans.Spans spans = new TrainedSpans.Spans(new int[] {3, 10}, new int[] {6, 12});
        final int[] starts = {0, 2, 4, 6, 9, 11, 12};
        final int[] ends = {2, 4, 6, 9, 11, 12, 13};
        final int[] owner = SpanLabels.spanOfToken(starts, ends, spans);
        assertArrayEquals(new int[] {-1, 0, 0, -1, 1, 1, -1}, owner);
        final int[] ids = {10, 11, 12, 13, 14, 15, 16};
        assertArrayEquals(new int[] {-100, 11, 12, -100, -100, -100, -100},
                SpanLabels.labels(ids, 7, owner, new boolean[] {true, false}, false));
        assertArrayEquals(new int[] {10, 11, 12, 13, 14},
                SpanLabels.labels(ids, 5, owner, new boolean[] {true, false}, true));
    }
}
