package io.sftstream.serdes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordParserTest {

    private final RecordParser parser =
            new RecordParser(InputFormat.AUTO, RecordParser.DEFAULT_MAX_RECORD_BYTES);

    private ParsedRecord accept(final String json) {
        return accept(parser, json);
    }

    private static ParsedRecord accept(final RecordParser p, final String json) {
        final ParseResult result = p.parse(json.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(ParsedRecord.class, result, () -> "rejected: " + result);
    }

    private Rejection reject(final byte[] value) {
        final ParseResult result = parser.parse(value);
        return assertInstanceOf(Rejection.class, result, () -> "accepted: " + result);
    }

    private Rejection reject(final String json) {
        return reject(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertReason(final Reason reason, final String json) {
        assertEquals(reason, reject(json).reason(), json);
    }

    @Test
    void shouldReadAlpacaWithoutInput() {
        final ParsedRecord r = accept("{\"instruction\":\"Say hi\",\"input\":\"\",\"output\":\"Hi\"}");
        assertNull(r.id());
        assertEquals(Conversation.ofTurns(null, "Say hi", "Hi"), r.conversation());
    }

    @Test
    void shouldJoinAlpacaInputWithNewlineEvenWhenWhitespace() {
        assertEquals("Sum\n1 2", accept("{\"instruction\":\"Sum\",\"input\":\"1 2\",\"output\":\"3\"}")
                .conversation().messages().get(0).content());
        assertEquals("Sum\n ", accept("{\"instruction\":\"Sum\",\"input\":\" \",\"output\":\"3\"}")
                .conversation().messages().get(0).content());
        assertEquals("Sum", accept("{\"instruction\":\"Sum\",\"input\":null,\"output\":\"3\"}")
                .conversation().messages().get(0).content());
    }

    @Test
    void shouldReadAlpacaHistoryOldestFirstAndSystem() {
        final Conversation c = accept("{\"instruction\":\"q3\",\"output\":\"a3\",\"system\":\"S\","
                + "\"history\":[[\"q1\",\"a1\"],[\"q2\",\"a2\"]]}").conversation();
        assertEquals("S", c.system());
        assertEquals(Conversation.ofTurns(null, "q1", "a1", "q2", "a2", "q3", "a3")
                .messages(), c.messages());
    }

    @Test
    void shouldTreatBlankSystemAsNoSystemPart() {
        assertNull(accept("{\"prompt\":\"p\",\"response\":\"r\",\"system\":\" \\u00a0\\u3000\"}")
                .conversation().system());
        assertNull(accept("{\"prompt\":\"p\",\"response\":\"r\",\"system\":null}")
                .conversation().system());
        assertNull(accept("{\"messages\":[{\"role\":\"system\",\"content\":\"\"},"
                + "{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"}]}")
                .conversation().system());
    }

    @Test
    void shouldReadMessagesAndSharegpt() {
        final Conversation expected = Conversation.ofTurns("sys", "u1", "a1", "u2", "a2");
        final Conversation messages = accept("{\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},"
                + "{\"role\":\"user\",\"content\":\"u1\"},{\"role\":\"assistant\",\"content\":\"a1\"},"
                + "{\"role\":\"user\",\"content\":\"u2\"},{\"role\":\"assistant\",\"content\":\"a2\"}]}")
                .conversation();
        assertEquals(expected.system(), messages.system());
        assertEquals(expected.messages(), messages.messages());
        assertEquals(expected.templateMessages(), messages.templateMessages());
        assertEquals(expected, accept("{\"conversations\":[{\"from\":\"system\",\"value\":\"sys\"},"
                + "{\"from\":\"human\",\"value\":\"u1\"},{\"from\":\"gpt\",\"value\":\"a1\"},"
                + "{\"from\":\"human\",\"value\":\"u2\"},{\"from\":\"gpt\",\"value\":\"a2\"}]}")
                .conversation());
    }

    @Test
    void shouldDetectShapesInContractOrder() {
        // 'messages' wins over 'instruction' and 'prompt' even when it is the broken one.
        assertReason(Reason.WRONG_TYPE, "{\"prompt\":\"p\",\"response\":\"r\",\"instruction\":\"i\","
                + "\"output\":\"o\",\"messages\":null}");
        assertEquals("i", accept("{\"prompt\":\"p\",\"instruction\":\"i\",\"output\":\"o\"}")
                .conversation().messages().get(0).content());
    }

    @Test
    void shouldHonourForcedFormat() {
        final RecordParser forced = new RecordParser(InputFormat.PROMPT_RESPONSE, 1000);
        final ParseResult result = forced.parse(
                "{\"instruction\":\"i\",\"output\":\"o\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new Rejection(Reason.MISSING_FIELD, "field 'prompt' is missing"), result);
        assertEquals("p", accept(forced, "{\"messages\":[],\"prompt\":\"p\",\"response\":\"r\"}")
                .conversation().messages().get(0).content());
    }

    @Test
    void shouldKeepIdsExactly() {
        assertEquals("a-17", accept("{\"id\":\"a-17\",\"prompt\":\"p\",\"response\":\"r\"}").id());
        assertEquals("123456789012345678901234567890",
                accept("{\"id\":123456789012345678901234567890,\"prompt\":\"p\",\"response\":\"r\"}").id());
        assertEquals("-5", accept("{\"id\":-5,\"prompt\":\"p\",\"response\":\"r\"}").id());
        assertNull(accept("{\"id\":null,\"prompt\":\"p\",\"response\":\"r\"}").id());
        assertEquals("last", accept("{\"id\":\"first\",\"id\":\"last\",\"prompt\":\"p\","
                + "\"response\":\"r\"}").id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":3.5,\"prompt\":\"p\",\"response\":\"r\"}",
        "{\"id\":1.0,\"prompt\":\"p\",\"response\":\"r\"}",
        "{\"id\":1e3,\"prompt\":\"p\",\"response\":\"r\"}",
        "{\"id\":true,\"prompt\":\"p\",\"response\":\"r\"}",
        "{\"id\":[1],\"prompt\":\"p\",\"response\":\"r\"}",
    })
    void shouldRejectIdThatIsNotStringOrInteger(final String json) {
        assertReason(Reason.WRONG_TYPE, json);
    }

    @Test
    void shouldRejectEmptyRecords() {
        assertEquals(Reason.EMPTY_RECORD, reject((byte[]) null).reason());
        assertEquals(Reason.EMPTY_RECORD, reject(new byte[0]).reason());
    }

    @Test
    void shouldRejectTooLargeBeforeParsing() {
        final RecordParser small = new RecordParser(InputFormat.AUTO, 10);
        final ParseResult result = small.parse("not json at all".getBytes(StandardCharsets.UTF_8));
        assertEquals(new Rejection(Reason.RECORD_TOO_LARGE,
                "record value is 15 bytes, larger than max.record.bytes=10"), result);
        assertInstanceOf(ParsedRecord.class,
                new RecordParser(InputFormat.AUTO, 30).parse(
                        "{\"prompt\":\"p\",\"response\":\"r\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRejectInvalidUtf8() {
        final byte[][] bad = {
            {'{', '"', (byte) 0xC3, '"', '}'},                    // truncated sequence
            {'"', (byte) 0xC0, (byte) 0xAF, '"'},                 // overlong
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},    // encoded surrogate
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
            {(byte) 0xFF},
        };
        for (final byte[] value : bad) {
            assertEquals(Reason.INVALID_JSON, reject(value).reason());
        }
        assertEquals("record value is not valid UTF-8: byte 0xC3 at offset 2",
                reject(bad[0]).message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{",
        "{\"prompt\":\"p\",\"response\":\"r\"} x",
        "{\"prompt\":\"p\",\"response\":\"r\"}{}",
        "{\"prompt\":\"p\",\"response\":\"r\",}",
        "{'prompt':'p'}",
        "{\"prompt\":\"p\",\"response\":\"r\"/*c*/}",
        "{\"prompt\":NaN}",
        "{\"prompt\":01}",
        "[{\"prompt\":\"p\",\"response\":\"r\"}]",
        "`\"just a string\"`",
        "42",
        "null",
        "`   `",
        "{\"prompt\":\"\\ud800\",\"response\":\"r\"}",
        "{\"prompt\":\"p\",\"response\":\"r\",\"ignored\":\"\\udc00x\"}",
        "{\"prompt\":\"p\",\"response\":\"r\",\"\\ud83d\":1}",
        "{\"prompt\":\"a\tb\",\"response\":\"r\"}",
    })
    void shouldRejectInvalidJson(final String json) {
        assertReason(Reason.INVALID_JSON, json);
    }

    @Test
    void shouldRejectByteOrderMarkAndNul() {
        final byte[] json = "{\"prompt\":\"p\",\"response\":\"r\"}".getBytes(StandardCharsets.UTF_8);
        final byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, bom, 3, json.length);
        assertEquals(Reason.INVALID_JSON, reject(bom).reason());
        // UTF-16BE "{}" would be sniffed as UTF-16 by a lenient parser.
        assertEquals(Reason.INVALID_JSON, reject(new byte[] {0, '{', 0, '}'}).reason());
    }

    @Test
    void shouldAcceptValidSurrogatePairsAndDepthLimit() {
        assertEquals("\uD83D\uDE00", accept("{\"prompt\":\"\\ud83d\\ude00\",\"response\":\"r\"}")
                .conversation().messages().get(0).content());
        final String deep999 = "[".repeat(999) + "]".repeat(999);
        accept("{\"prompt\":\"p\",\"response\":\"r\",\"x\":" + deep999 + "}");
        final String deep1000 = "[".repeat(1000) + "]".repeat(1000);
        assertReason(Reason.INVALID_JSON, "{\"prompt\":\"p\",\"response\":\"r\",\"x\":" + deep1000 + "}");
    }

    @Test
    void shouldRejectUnknownFormat() {
        assertEquals(new Rejection(Reason.UNKNOWN_FORMAT, "record has none of the fields "
                + "'messages', 'conversations', 'instruction' or 'prompt'"),
                reject("{\"question\":\"q\",\"answer\":\"a\"}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MISSING_FIELD|field 'output' is missing|{\"instruction\":\"i\"}",
        "MISSING_FIELD|field 'response' is missing|{\"prompt\":\"p\"}",
        "MISSING_FIELD|messages[0].content is missing|{\"messages\":[{\"role\":\"user\"}]}",
        "MISSING_FIELD|conversations[1].from is missing|{\"conversations\":[{\"from\":\"human\",\"value\":\"x\"},{\"value\":\"y\"}]}",
        "WRONG_TYPE|field 'output' must be a string, not null|{\"instruction\":\"i\",\"output\":null}",
        "WRONG_TYPE|field 'instruction' must be a string, not an integer|{\"instruction\":5,\"output\":\"o\"}",
        "WRONG_TYPE|field 'input' must be a string, not an array|{\"instruction\":\"i\",\"input\":[],\"output\":\"o\"}",
        "WRONG_TYPE|field 'system' must be a string, not a boolean|{\"prompt\":\"p\",\"response\":\"r\",\"system\":true}",
        "WRONG_TYPE|field 'messages' must be an array, not null|{\"messages\":null}",
        "WRONG_TYPE|field 'conversations' must be an array, not an object|{\"conversations\":{}}",
        "WRONG_TYPE|messages[0] must be an object, not a string|{\"messages\":[\"hi\"]}",
        "WRONG_TYPE|messages[0].content must be a string, not an integer|{\"messages\":[{\"role\":\"user\",\"content\":7}]}",
        "WRONG_TYPE|field 'history' must be an array of [user, assistant] pairs, not a string|{\"instruction\":\"i\",\"output\":\"o\",\"history\":\"h\"}",
        "WRONG_TYPE|history[0] must be an array of two strings, not an object|{\"instruction\":\"i\",\"output\":\"o\",\"history\":[{}]}",
        "WRONG_TYPE|history[0][2] must be a string, not null|{\"instruction\":\"i\",\"output\":\"o\",\"history\":[[\"a\",\"b\",null]]}",
        "BAD_CONVERSATION|history[0] has 3 items, but each history item must be a [user, assistant] pair|{\"instruction\":\"i\",\"output\":\"o\",\"history\":[[\"a\",\"b\",\"c\"]]}",
        "BAD_CONVERSATION|history[1] has 1 items, but each history item must be a [user, assistant] pair|{\"instruction\":\"i\",\"output\":\"o\",\"history\":[[\"a\",\"b\"],[\"c\"]]}",
        "EMPTY_TEXT|field 'output' is blank|{\"instruction\":\"i\",\"output\":\" \\n\\u00a0\"}",
        "EMPTY_TEXT|field 'instruction' is empty|{\"instruction\":\"\",\"input\":\"x\",\"output\":\"o\"}",
        "EMPTY_TEXT|field 'prompt' is blank|{\"prompt\":\"\\u2007\\u202f\\u0085\\u001c\",\"response\":\"r\"}",
        "EMPTY_TEXT|history[0][1] (assistant text) is empty|{\"instruction\":\"i\",\"output\":\"o\",\"history\":[[\"a\",\"\"]]}",
        "EMPTY_TEXT|messages[1].content (assistant text) is blank|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"\\t\"}]}",
        "BAD_CONVERSATION|messages[0].role is 'User', which is not one of 'system', 'user', 'assistant', 'tool' (roles are case-sensitive)|{\"messages\":[{\"role\":\"User\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"}]}",
        "BAD_CONVERSATION|conversations[1].from is 'assistant', which is not one of 'system', 'human', 'gpt' (roles are case-sensitive)|{\"conversations\":[{\"from\":\"human\",\"value\":\"u\"},{\"from\":\"assistant\",\"value\":\"a\"}]}",
        "BAD_CONVERSATION|field 'messages' holds no turn at all (no 'user' and 'assistant' messages)|{\"messages\":[]}",
        "BAD_CONVERSATION|field 'messages' holds no turn at all (no 'user' and 'assistant' messages)|{\"messages\":[{\"role\":\"system\",\"content\":\"s\"}]}",
        "BAD_CONVERSATION|field 'messages' does not end with a message of role 'assistant'|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"}]}",
        "BAD_CONVERSATION|messages[0] has role 'assistant' where 'user' was expected (roles must alternate, starting with 'user')|{\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"u\"}]}",
        "BAD_CONVERSATION|messages[2] has role 'system', but only the first message may have it|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"system\",\"content\":\"s\"}]}",
        "BAD_CONVERSATION|messages[3] has role 'user' where 'assistant' was expected (roles must alternate, starting with 'user')|{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"user\",\"content\":\"u\"}]}",
    })
    void shouldNameTheFieldInEveryFieldRejection(final Reason reason, final String message,
                                                 final String json) {
        assertEquals(new Rejection(reason, message), reject(json), json);
    }

    @Test
    void shouldApplyChecksInContractOrder() {
        // id type comes before field presence.
        assertReason(Reason.WRONG_TYPE, "{\"id\":1.5,\"instruction\":\"i\"}");
        // field types come before unknown roles.
        assertReason(Reason.MISSING_FIELD, "{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"},"
                + "{\"role\":\"user\"}]}");
        // unknown roles come before blank texts.
        assertReason(Reason.BAD_CONVERSATION, "{\"messages\":[{\"role\":\"user\",\"content\":\"\"},"
                + "{\"role\":\"bot\",\"content\":\"x\"}]}");
        // blank texts come before role order.
        assertReason(Reason.EMPTY_TEXT, "{\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"},"
                + "{\"role\":\"user\",\"content\":\" \"}]}");
        // history item length comes before blank texts, types before history length.
        assertReason(Reason.BAD_CONVERSATION, "{\"instruction\":\"\",\"output\":\"o\","
                + "\"history\":[[\"a\"]]}");
        assertReason(Reason.WRONG_TYPE, "{\"instruction\":\"i\",\"output\":\"o\",\"system\":1,"
                + "\"history\":[[\"a\"]]}");
        // size comes before UTF-8 and JSON.
        assertEquals(Reason.RECORD_TOO_LARGE, new RecordParser(InputFormat.AUTO, 2)
                .parse(new byte[] {(byte) 0xFF, 1, 2}) instanceof Rejection r ? r.reason() : null);
    }

    @Test
    void shouldIgnoreOtherFieldsOfAnyType() {
        assertEquals("p", accept("{\"prompt\":\"p\",\"response\":\"r\",\"meta\":{\"a\":[1,2.5e9,"
                + "true,null,\"</s>\"]},\"score\":99999999999999999999999999999999}")
                .conversation().messages().get(0).content());
    }
}
