package io.sftstream.tokenize;

import io.sftstream.serdes.Conversation;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.Rejection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {

    private static final Conversation TWO_TURNS = Conversation.ofTurns("Be brief.",
            "Hi", "Hello!", "Bye", "Goodbye!");

    @Test
    void shouldRefuseLlama2EndOfTurnWithQwen3WithTheSpecMessage() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> BuiltinTemplate.resolve(TestTokenizers.qwen3(), TemplateName.LLAMA2,
                null, null));
        final String first = "end-of-turn \"</s>\" is not a token of this tokenizer: as text it "
                + "encodes to 3 ids [522, 82, 29]";
        assertTrue(e.getMessage().startsWith(first + ". "), e.getMessage());
        assertTrue(e.getMessage().contains("--eos-token or --eos-id"), e.getMessage());
    }

    @Test
    void shouldResolveChatmlWithQwen3() {
        final BuiltinTemplate chatml = BuiltinTemplate.resolve(TestTokenizers.qwen3(),
                TemplateName.CHATML,
                null, null);
        assertEquals(151645, chatml.endOfTurnId());
        assertEquals("<|im_end|>", chatml.endOfTurnToken());
        assertEquals(OptionalInt.empty(), chatml.bosId());
        final BuiltinTemplate alpaca = BuiltinTemplate.resolve(TestTokenizers.qwen3(),
                TemplateName.ALPACA,
                null, null);
        assertEquals(151645, alpaca.endOfTurnId());
        assertEquals(OptionalInt.empty(), alpaca.bosId(), "add_bos_token is false");
    }

    @Test
    void shouldStartEveryLlama2TurnWithBosWithMistral() {
        final BuiltinTemplate llama2 = BuiltinTemplate.resolve(TestTokenizers.mistral(),
                TemplateName.LLAMA2,
                null, null);
        assertEquals(2, llama2.endOfTurnId());
        assertEquals(OptionalInt.of(1), llama2.bosId());
        assertEquals(List.of(
                new Segment.SpecialId(1, false),
                new Segment.Text("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]", false),
                new Segment.Text("Hello!", true),
                new Segment.SpecialId(2, true),
                new Segment.SpecialId(1, false),
                new Segment.Text("[INST] Bye [/INST]", false),
                new Segment.Text("Goodbye!", true),
                new Segment.SpecialId(2, true)), llama2.segments(TWO_TURNS));
    }

    @Test
    void shouldUseMistralsConfigBosAndEosForAlpaca() {
        final BuiltinTemplate alpaca = BuiltinTemplate.resolve(TestTokenizers.mistral(),
                TemplateName.ALPACA,
                null, null);
        assertEquals(OptionalInt.of(1), alpaca.bosId());
        assertEquals(2, alpaca.endOfTurnId());
        assertEquals(List.of(
                new Segment.SpecialId(1, false),
                new Segment.Text("Be brief.\n\n", false),
                new Segment.Text("### Instruction:\nHi\n\n### Response:\n", false),
                new Segment.Text("Hello!", true),
                new Segment.SpecialId(2, true),
                new Segment.Text("\n\n### Instruction:\nBye\n\n### Response:\n", false),
                new Segment.Text("Goodbye!", true),
                new Segment.SpecialId(2, true)), alpaca.segments(TWO_TURNS));
    }

    @Test
    void shouldEndLlama3TurnsWithEotIdNotEndOfText() {
        final BuiltinTemplate llama3 = BuiltinTemplate.resolve(TestTokenizers.llama3(),
                TemplateName.LLAMA3,
                null, null);
        assertEquals(128009, llama3.endOfTurnId());
        assertEquals(OptionalInt.of(128000), llama3.bosId());
        final BuiltinTemplate alpaca = BuiltinTemplate.resolve(TestTokenizers.llama3(),
                TemplateName.ALPACA,
                null, null);
        assertEquals(128001, alpaca.endOfTurnId());
        assertEquals("<|end_of_text|>", alpaca.endOfTurnToken());
        assertEquals(OptionalInt.empty(), alpaca.bosId(), "no add_bos_token in its config");
    }

    @Test
    void shouldWriteChatmlTurnsWithANewlineSeparator() {
        final BuiltinTemplate chatml = BuiltinTemplate.resolve(TestTokenizers.qwen3(),
                TemplateName.CHATML,
                null, null);
        assertEquals(List.of(
                new Segment.Text("<|im_start|>system\nBe brief.<|im_end|>\n", false),
                new Segment.Text("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", false),
                new Segment.Text("Hello!", true),
                new Segment.SpecialId(151645, true),
                new Segment.Text("\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n",
                        false),
                new Segment.Text("Goodbye!", true),
                new Segment.SpecialId(151645, true)), chatml.segments(TWO_TURNS));
    }

    /**
     * Expected string written by hand from the chat_template of
     * tokenizers/qwen3/tokenizer_config.json (no tools, system first, one user message,
     * add_generation_prompt=true and enable_thinking undefined, so no think block):
     * {@code '<|im_start|>system\n' + system + '<|im_end|>\n'}, then
     * {@code '<|im_start|>user\n' + content + '<|im_end|>\n'}, then
     * {@code '<|im_start|>assistant\n'}. Texts are not trimmed.
     */
    @Test
    void shouldRenderChatmlPromptLikeQwen3sChatTemplate() {
        final TokenizerBundle qwen3 = TestTokenizers.qwen3();
        final BuiltinTemplate chatml = BuiltinTemplate.resolve(qwen3, TemplateName.CHATML,
                null, null);
        final Conversation one = Conversation.ofTurns("  You are terse.\u00a0\n",
                "What is 2+2?\n", " 4 ");
        final String expectedPrompt = "<|im_start|>system\n  You are terse.\u00a0\n<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?\n<|im_end|>\n<|im_start|>assistant\n";
        final List<Segment> segments = chatml.segments(one);
        assertEquals(expectedPrompt, promptText(segments, "", 0));
        assertArrayEquals(qwen3.encode(expectedPrompt + " 4 <|im_end|>"),
                encodeAll(qwen3, segments));
    }

    /**
     * Expected string written by hand from the chat_template of
     * tokenizers/llama3/tokenizer_config.json: for each message
     * {@code '<|start_header_id|>' + role + '<|end_header_id|>\n\n' + content|trim + '<|eot_id|>'}
     * with {@code bos_token} in front of the first, then (add_generation_prompt)
     * {@code '<|start_header_id|>assistant<|end_header_id|>\n\n'}. Jinja's trim is Python's
     * {@code str.strip()}, which strips U+00A0 and U+2007.
     */
    @Test
    void shouldRenderLlama3PromptLikeLlama3sChatTemplate() {
        final TokenizerBundle llama3 = TestTokenizers.llama3();
        final BuiltinTemplate template = BuiltinTemplate.resolve(llama3, TemplateName.LLAMA3,
                null, null);
        final Conversation one = Conversation.ofTurns("  You are terse.\u00a0\n",
                "\u2007What is 2+2?\n", "\n4\u202f");
        final String expectedPrompt = "<|begin_of_text|><|start_header_id|>system"
                + "<|end_header_id|>\n\nYou are terse.<|eot_id|><|start_header_id|>user"
                + "<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant"
                + "<|end_header_id|>\n\n";
        final List<Segment> segments = template.segments(one);
        assertEquals(new Segment.SpecialId(128000, false), segments.get(0));
        assertEquals(new Segment.Text("4", true), segments.get(3));
        assertEquals(expectedPrompt, promptText(segments, "<|begin_of_text|>", 128000));
        assertArrayEquals(llama3.encode(expectedPrompt + "4<|eot_id|>"),
                encodeAll(llama3, segments));
    }

    @Test
    void shouldLimitRawToOneTurnWithoutSystem() {
        final BuiltinTemplate raw = BuiltinTemplate.resolve(TestTokenizers.mistral(),
                TemplateName.RAW,
                null, null);
        final Rejection system = raw.checkLimits(TWO_TURNS);
        assertEquals(Reason.BAD_CONVERSATION, system.reason());
        assertEquals("template 'raw' does not allow a system text", system.message());
        final Rejection turns = raw.checkLimits(new Conversation(null, TWO_TURNS.messages()));
        assertEquals(Reason.BAD_CONVERSATION, turns.reason());
        assertEquals("template 'raw' allows one turn, the record has 2", turns.message());
        assertThrows(IllegalArgumentException.class, () -> raw.segments(TWO_TURNS));

        final Conversation one = Conversation.ofTurns(null, "2+2?", "4");
        assertNull(raw.checkLimits(one));
        assertEquals(List.of(new Segment.SpecialId(1, false), new Segment.Text("2+2?", false),
                new Segment.Text("4", true), new Segment.SpecialId(2, true)), raw.segments(one));
        assertNull(BuiltinTemplate.resolve(TestTokenizers.mistral(), TemplateName.LLAMA2, null,
                null)
                .checkLimits(TWO_TURNS));
    }

    @Test
    void shouldApplyEosOverrides() {
        final TokenizerBundle qwen3 = TestTokenizers.qwen3();
        final BuiltinTemplate byToken = BuiltinTemplate.resolve(qwen3, TemplateName.ALPACA,
                "<|endoftext|>", null);
        assertEquals(151643, byToken.endOfTurnId());
        final BuiltinTemplate byId = BuiltinTemplate.resolve(qwen3, TemplateName.CHATML, null,
                151643);
        assertEquals(151643, byId.endOfTurnId());
        assertEquals("<|endoftext|>", byId.endOfTurnToken());

        final TokenizerLoadException unknownId = assertThrows(TokenizerLoadException.class,
                () -> BuiltinTemplate.resolve(qwen3, TemplateName.CHATML, null, 200000));
        assertEquals("--eos-id 200000 is not a token id of the bundled Qwen3 tokenizer, whose "
                + "ids go from 0 to 151668: pass the id of one of its tokens.",
                unknownId.getMessage());
        final TokenizerLoadException notToken = assertThrows(TokenizerLoadException.class,
                () -> BuiltinTemplate.resolve(qwen3, TemplateName.CHATML, "<s>", null));
        assertTrue(notToken.getMessage().startsWith("end-of-turn \"<s>\" is not a token of this "
                + "tokenizer: as text it encodes to 2 ids [44047, 29]. "), notToken.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BuiltinTemplate.resolve(qwen3, TemplateName.CHATML, "<|im_end|>", 151645));
    }

    @Test
    void shouldCheckEndOfTurnBeforeBosAndUseSingularForOneId() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> BuiltinTemplate.resolve(TestTokenizers.qwen3(), TemplateName.LLAMA3, null,
                        151645));
        assertTrue(e.getMessage().startsWith("BOS \"<|begin_of_text|>\" is not a token of this "
                + "tokenizer: as text it encodes to 7 ids [27, 91, 7265, 3575, 4326, 91, 29]. "),
                e.getMessage());
        final TokenizerLoadException one = assertThrows(TokenizerLoadException.class,
                () -> BuiltinTemplate.resolve(TestTokenizers.qwen3(), TemplateName.CHATML, " hello",
                        null));
        // The vocabulary spells it "Ġhello": the exact lookup of " hello" finds nothing.
        assertTrue(one.getMessage().startsWith("end-of-turn \" hello\" is not a token of this "
                + "tokenizer: as text it encodes to 1 id [23811]. "), one.getMessage());
    }

    @Test
    void shouldParseTemplateNames() {
        for (final TemplateName name : TemplateName.values()) {
            assertEquals(name, TemplateName.fromCliName(name.cliName()));
        }
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TemplateName.fromCliName("ChatML"));
        assertEquals("template \"ChatML\" is not one of chatml|llama3|llama2|alpaca|raw|model: pass "
                + "one of these names.", e.getMessage());
    }

    /** The prompt-side text before the first response, with the BOS id shown as its string. */
    private static String promptText(final List<Segment> segments, final String bosText,
                                     final int bosId) {
        final StringBuilder text = new StringBuilder();
        for (final Segment segment : segments) {
            if (segment.trained()) {
                break;
            }
            if (segment instanceof Segment.SpecialId special) {
                assertEquals(bosId, special.id());
                text.append(bosText);
            } else {
                text.append(((Segment.Text) segment).text());
            }
        }
        return text.toString();
    }

    private static int[] encodeAll(final TokenizerBundle tokenizer,
                                   final List<Segment> segments) {
        return segments.stream().flatMapToInt(segment -> segment instanceof Segment.Text text
                ? IntStream.of(tokenizer.encode(text.text()))
                : IntStream.of(((Segment.SpecialId) segment).id())).toArray();
    }
}
