package io.sftstream.serdes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The byte scans that run eight bytes at a time (UTF-8 check, NUL and escape scan) give the
 * same answers wherever in the record, and in which part of an eight-byte word, the byte is.
 */
class RecordParserScanTest {

    private static final RecordParser PARSER = new RecordParser(InputFormat.AUTO, 1 << 20);
    private static final String RECORD =
            "{\"prompt\":\"Say something long enough to span words\",\"response\":\"Okay: "
                    + "here it is, a line that runs on for a while.\"}";

    private static Rejection reject(final byte[] value) {
        return assertInstanceOf(Rejection.class, PARSER.parse(value));
    }

    @Test
    void shouldFindANulByteAnywhere() {
        final byte[] json = RECORD.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < json.length; at++) {
            final byte[] value = json.clone();
            value[at] = 0;
            assertEquals(new Rejection(Reason.INVALID_JSON,
                    "record value is not valid JSON: it contains a NUL byte"), reject(value),
                    "NUL at " + at);
        }
    }

    @Test
    void shouldFindAnInvalidUtf8ByteAnywhere() {
        final byte[] json = RECORD.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < json.length; at++) {
            final byte[] value = json.clone();
            value[at] = (byte) 0xFF;
            assertEquals(new Rejection(Reason.INVALID_JSON, String.format(
                    "record value is not valid UTF-8: byte 0xFF at offset %d", at)),
                    reject(value), "0xFF at " + at);
        }
    }

    @Test
    void shouldFindALoneSurrogateEscapeAnywhereAndAcceptPairs() {
        for (int pad = 0; pad < 24; pad++) {
            final String filler = "x".repeat(pad);
            assertEquals(Reason.INVALID_JSON, reject(("{\"prompt\":\"" + filler
                    + "\\ud800\",\"response\":\"r\"}").getBytes(StandardCharsets.UTF_8))
                    .reason(), "pad " + pad);
            assertEquals(Reason.INVALID_JSON, reject(("{\"prompt\":\"p\",\"response\":\"r\",\""
                    + filler + "\\udc00\":1}").getBytes(StandardCharsets.UTF_8)).reason());
            final ParsedRecord ok = assertInstanceOf(ParsedRecord.class, PARSER.parse(
                    ("{\"prompt\":\"" + filler + "\\ud83d\\ude00 \\u00e9\\n\",\"response\":"
                            + "\"\\\\u r\"}").getBytes(StandardCharsets.UTF_8)));
            assertEquals(filler + "\uD83D\uDE00 \u00E9\n", ok.conversation().messages().get(0)
                    .content());
            assertEquals("\\u r", ok.conversation().messages().get(1).content());
        }
    }
}
