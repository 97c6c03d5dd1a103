package io.sftstream.serdes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code messages} shape with the fields of SPEC section 9. */
class MessagesReaderTest {

    private static final RecordParser PARSER = new RecordParser(InputFormat.AUTO, 1_048_576);

    private static ParseResult parse(final String json) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Conversation accept(final String json) {
        return assertInstanceOf(ParsedRecord.class, parse(json), json).conversation();
    }

    private static final String U = "{\"role\":\"user\",\"content\":\"u\"}";
    private static final String A = "{\"role\":\"assistant\",\"content\":\"a\"}";
    private static final String CALL = "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
            + "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}";
    private static final String T = "{\"role\":\"tool\",\"content\":\"r\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // order rules of section 9
        "messages[1] should be assistant but is tool (tool results come only after an assistant"
                + " message that calls tools, and such a message is followed by them)|" + U + ","
                + T + "," + A,
        "messages[2] should be tool but is user (tool results come only after an assistant "
                + "message that calls tools, and such a message is followed by them)|" + U + ","
                + CALL + "," + U + "," + A,
        "messages[2] should be tool but is assistant (tool results come only after an assistant"
                + " message that calls tools, and such a message is followed by them)|" + U + ","
                + CALL + "," + A,
        "messages[1] has role 'user' where 'assistant' was expected (roles must alternate, "
                + "starting with 'user')|" + U + "," + U + "," + A,
        "messages[3] should be tool or assistant but is user (tool results come only after an "
                + "assistant message that calls tools, and such a message is followed by them)|"
                + U + "," + CALL + "," + T + "," + U + "," + A,
        "the conversation does not end with an assistant message without tool calls|" + U
                + "," + CALL,
        "the conversation does not end with an assistant message without tool calls|" + U
                + "," + CALL + "," + T,
        "field 'messages' does not end with a message of role 'assistant'|" + U,
    })
    void shouldRefuseEachOrderFault(final String message, final String messages) {
        assertEquals(Rejection.of(Reason.BAD_CONVERSATION, message),
                parse("{\"messages\":[" + messages + "]}"));
    }

    @Test
    void shouldAcceptAToolConversationAndKeepTheRecordsFields() {
        final Conversation c = accept("{\"messages\":[" + U + ",{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"type\":\"function\",\"id\":\"c1\","
                + "\"function\":{\"name\":\"f\",\"arguments\":{\"b\":1,\"a\":[2.5,null]}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"content\":\"r1\",\"tool_call_id\":\"c1\"},"
                + "{\"role\":\"tool\",\"content\":[{\"type\":\"text\",\"text\":\"r\"},"
                + "{\"type\":\"text\",\"text\":\"2\"}],\"name\":\"g\"},"
                + "{\"role\":\"assistant\",\"content\":\"done\",\"reasoning_content\":\"why\","
                + "\"weight\":0}],\"tools\":[{\"type\":\"function\"}]}");
        assertEquals(List.of(new Message.User("u"),
                new Message.Assistant(null, List.of(
                        new Message.ToolCall("c1", "f", List.of("b", "a")),
                        new Message.ToolCall(null, "g", List.of("{}"))), null, true),
                new Message.Tool("r1", "c1", null), new Message.Tool("r2", null, "g"),
                new Message.Assistant("done", List.of(), "why", false)), c.messages());
        assertEquals(List.of(Map.of("type", "function")), c.tools());
        final Map<String, Object> call = c.templateMessages().get(1);
        assertEquals(List.of("role", "content", "tool_calls"), List.copyOf(call.keySet()));
        assertNull(call.get("content"));
        final Map<?, ?> args = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) call.get(
                "tool_calls")).get(0)).get("function")).get("arguments");
        assertEquals(List.of("b", "a"), List.copyOf(args.keySet()));
        assertEquals(1L, args.get("b"));
        assertEquals(java.util.Arrays.asList(2.5, null), args.get("a"));
        assertEquals("r2", c.templateMessages().get(3).get("content"));
        assertFalse(c.templateMessages().get(2).containsKey("name"));
        assertEquals("tools", c.agentField());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WRONG_TYPE|field 'messages[1].weight' must be 0 or 1, not 3|"
                + "{\"role\":\"assistant\",\"content\":\"a\",\"weight\":3}",
        "WRONG_TYPE|field 'messages[1].weight' must be 0 or 1, not 1.0|"
                + "{\"role\":\"assistant\",\"content\":\"a\",\"weight\":1.0}",
        "WRONG_TYPE|field 'messages[1].weight' must be 0 or 1, not a boolean|"
                + "{\"role\":\"assistant\",\"content\":\"a\",\"weight\":true}",
        "WRONG_TYPE|messages[1].content[0] is a part of type 'image_url', but only 'text' parts"
                + " are accepted|{\"role\":\"assistant\",\"content\":[{\"type\":\"image_url\"}]}",
        "WRONG_TYPE|messages[1].content[0] must be a {\"type\": \"text\", \"text\": ...} object, "
                + "not a string|{\"role\":\"assistant\",\"content\":[\"a\"]}",
        "WRONG_TYPE|messages[1].tool_calls must be an array, not an object|"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":{}}",
        "WRONG_TYPE|messages[1].tool_calls[0].function.arguments must be an object or a string, "
                + "not an integer|{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":1}}]}",
        "MISSING_FIELD|messages[1].tool_calls[0].function.name is missing|"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"type\":\"function\",\"function\":{\"arguments\":\"{}\"}}]}",
        "WRONG_TYPE|messages[1].reasoning_content must be a string, not an integer|"
                + "{\"role\":\"assistant\",\"content\":\"a\",\"reasoning_content\":5}",
        "WRONG_TYPE|messages[1].content must be a string, not null|"
                + "{\"role\":\"assistant\",\"content\":null}",
        "MISSING_FIELD|messages[1].content is missing|{\"role\":\"assistant\"}",
        "EMPTY_TEXT|messages[1].content (assistant text) is empty|"
                + "{\"role\":\"assistant\",\"content\":[]}",
    })
    void shouldNameTheMessageAndFieldOfEveryFault(final Reason reason, final String message,
                                                  final String assistant) {
        assertEquals(Rejection.of(reason, message),
                parse("{\"messages\":[" + U + "," + assistant + "]}"));
    }

    @Test
    void shouldRefuseABlankToolResultAndToolsThatAreNotObjects() {
        assertEquals(Rejection.of(Reason.EMPTY_TEXT, "messages[2].content (tool result) is blank"),
                parse("{\"messages\":[" + U + "," + CALL + ",{\"role\":\"tool\",\"content\":\" \"},"
                        + A + "]}"));
        assertEquals(Rejection.of(Reason.WRONG_TYPE, "tools[0] must be an object, not a string"),
                parse("{\"messages\":[" + U + "," + A + "],\"tools\":[\"f\"]}"));
    }
}
