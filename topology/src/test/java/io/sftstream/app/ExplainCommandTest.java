package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sftstream explain}: decoded token texts beside the raw pieces; exit 1 on rejection. */
class ExplainCommandTest {

    private record Run(int status, List<String> lines) {
    }

    private static Run explain(final String... args) {
        final StringWriter out = new StringWriter();
        final String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        final int status = Main.execute(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), all);
        return new Run(status, out.toString().lines().toList());
    }

    @Test
    void shouldShowEachTokensTextWithChineseAndANewline() {
        final Run run = explain("{\"prompt\":\"你好\\nJava 世界\\t!\",\"response\":\"好的。\"}");
        assertEquals(0, run.status());
        final List<String> table = run.lines().subList(run.lines().indexOf("") + 1,
                run.lines().size());
        assertEquals(List.of(
                "   pos       id  label     piece               text",
                "     0   151644  [prompt]  <|im_start|>        \"<|im_start|>\"",
                "     1      872  [prompt]  user                \"user\"",
                "     2      198  [prompt]  Ċ                   \"\\n\"",
                "     3   108386  [prompt]  ä½łå¥½              \"你好\"",
                "     4      198  [prompt]  Ċ                   \"\\n\"",
                "     5    15041  [prompt]  Java                \"Java\"",
                "     6      220  [prompt]  Ġ                   \" \"",
                "     7    99489  [prompt]  ä¸ĸçķĮ              \"世界\"",
                "     8      197  [prompt]  ĉ                   \"\\t\"",
                "     9        0  [prompt]  !                   \"!\"",
                "    10   151645  [prompt]  <|im_end|>          \"<|im_end|>\"",
                "    11      198  [prompt]  Ċ                   \"\\n\"",
                "    12   151644  [prompt]  <|im_start|>        \"<|im_start|>\"",
                "    13    77091  [prompt]  assistant           \"assistant\"",
                "    14      198  [prompt]  Ċ                   \"\\n\"",
                "    15    99692  train     å¥½çļĦ              \"好的\"",
                "    16     1773  train     ãĢĤ                 \"。\"",
                "    17   151645  train     <|im_end|>          \"<|im_end|>\"   <== end-of-turn "
                        + "(by id)"), table);
    }

    @Test
    void shouldShowACharacterSplitOverTwoTokensOnBothAndEscapeControlCharacters() {
        final Run run = explain("--text", "龘 a\u0000\\");
        assertEquals(0, run.status());
        final List<String> table = run.lines().subList(run.lines().indexOf("") + 1,
                run.lines().size());
        assertEquals("   pos       id  piece               text", table.get(0));
        assertEquals("     0    82912  é¾                  \"龘\" (1/2)", table.get(1));
        assertEquals("     1      246  ĺ                   \"龘\" (2/2)", table.get(2));
        assertEquals("     2      264  Ġa                  \" a\"", table.get(3));
        assertEquals("\"\\u0000\"", table.get(4).substring(37));
        assertEquals("\"\\\\\"", table.get(5).substring(37));
    }

    @Test
    void shouldShowTheRenderedConversationWithItsTrainedSpansUnderTemplateModel() {
        final Run run = explain("--template", "model", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"q\":"
                + "\"x\"}}}]},{\"role\":\"tool\",\"content\":\"42\"},{\"role\":\"assistant\","
                + "\"content\":\"It is 42.\",\"weight\":0},{\"role\":\"user\",\"content\":"
                + "\"Thanks\"},{\"role\":\"assistant\",\"content\":\"Welcome.\"}]}");
        final String out = String.join("\n", run.lines());
        assertEquals(0, run.status(), out);
        final String expected = String.join("\n",
                "chat template chat_template of the tokenizer's tokenizer_config.json; "
                        + "end-of-turn found by the probe: \"<|im_end|>\" = 151645",
                "rendered     (trained spans between « and »; tools, tool calls, tool results "
                        + "and reasoning as the template writes them)",
                "  | <|im_start|>user",
                "  | Hi<|im_end|>",
                "  | <|im_start|>assistant",
                "  | «<tool_call>",
                "  | {\"name\": \"f\", \"arguments\": {\"q\": \"x\"}}",
                "  | </tool_call><|im_end|>»",
                "  | <|im_start|>user",
                "  | <tool_response>",
                "  | 42",
                "  | </tool_response><|im_end|>",
                "  | <|im_start|>assistant",
                "  | ‹It is 42.<|im_end|>›",
                "  | <|im_start|>user",
                "  | Thanks<|im_end|>",
                "  | <|im_start|>assistant",
                "  | «<think>",
                "  | ",
                "  | </think>",
                "  | ",
                "  | Welcome.<|im_end|>»",
                "  | ",
                "messages[1]  assistant, trained",
                "messages[3]  assistant, untrained: weight 0 (between ‹ and ›)",
                "messages[5]  assistant, trained",
                "messages[2]  tool result, never trained");
        assertTrue(out.contains(expected), out);
    }

    @Test
    void shouldExitOneForARejectedRecord() {
        final Run run = explain("{\"prompt\":\"\",\"response\":\"x\"}");
        assertEquals(ExplainCommand.REJECTED, run.status());
        assertEquals("outcome      REJECTED EMPTY_TEXT: field 'prompt' is empty",
                run.lines().get(run.lines().size() - 1));
    }
}
