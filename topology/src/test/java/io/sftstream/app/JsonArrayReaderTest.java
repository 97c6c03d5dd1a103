package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArrayReaderTest {

    private static List<String> elements(final String json, final int batch) throws IOException {
        return elements(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), batch);
    }

    private static List<String> elements(final InputStream in, final int batch)
            throws IOException {
        final JsonArrayReader reader = new JsonArrayReader(in);
        final List<String> out = new ArrayList<>();
        List<RecordReader.Value> next;
        while (!(next = reader.next(batch)).isEmpty()) {
            for (final RecordReader.Value e : next) {
                out.add(new String(e.bytes(), StandardCharsets.UTF_8) + (e.refused() == null
                        ? "" : " <refused: " + e.refused().message() + ">"));
            }
        }
        return out;
    }

    @Test
    void shouldSplitElementsAtTopLevelCommasOnly() throws IOException {
        final String json = " [\n  {\"a\": \"x, ]y\\\"\", \"b\": [1, {\"c\": 2}]},\n"
                + "  {\"d\": \"}\"}\n]\n";
        assertEquals(List.of("{\"a\": \"x, ]y\\\"\", \"b\": [1, {\"c\": 2}]}", "{\"d\": \"}\"}"),
                elements(json, 1));
    }

    @Test
    void shouldKeepABadElementAsOneRecordAndGoOn() throws IOException {
        assertEquals(List.of("{\"a\":1}", "{bad}", "", "42", "{\"c\":3,}"),
                elements("[{\"a\":1}, {bad}, , 42, {\"c\":3,}]", 2));
    }

    @Test
    void shouldRunAnUnbalancedElementToTheEndOfTheArray() throws IOException {
        assertEquals(List.of("{\"a\":1}", "{bad, {\"c\":3}] <refused: "
                        + JsonArrayReader.UNCLOSED.message() + ">"),
                elements("[{\"a\":1}, {bad, {\"c\":3}]", 2));
    }

    @Test
    void shouldReadNothingFromAnEmptyArrayAndTrailingGarbageAsOneMore() throws IOException {
        assertEquals(List.of(), elements("[ ]\n", 5));
        assertEquals(List.of("{\"a\":1}", "x y <refused: " + JsonArrayReader.TRAILING.message()
                + ">"), elements("[{\"a\":1}] x y ", 5));
    }

    @Test
    void shouldTakeAnUnclosedArraysRestAsTheLastElement() throws IOException {
        final String unclosed = " <refused: " + JsonArrayReader.UNCLOSED.message() + ">";
        assertEquals(List.of("{\"a\":1}", "{\"b\":" + unclosed),
                elements("[{\"a\":1},{\"b\":", 5));
        assertEquals(List.of("{\"a\":1}", unclosed), elements("[{\"a\":1},\n", 5));
        assertEquals(List.of(unclosed), elements(" [ ", 5));
    }

    @Test
    void shouldStreamTenThousandElementsAcrossBufferBoundaries() throws IOException {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"prompt\":\"p").append(i)
                    .append("\",\"response\":\"r\"}");
        }
        final List<String> out = elements(json.append("]").toString(), 256);
        assertEquals(10_000, out.size());
        assertEquals("{\"prompt\":\"p9999\",\"response\":\"r\"}", out.get(9_999));
        assertTrue(out.stream().allMatch(e -> e.startsWith("{") && e.endsWith("}")));
    }

    @Test
    void shouldNeverReadMoreThanOneBufferBeyondTheElementsHandedOut() throws IOException {
        final StringBuilder json = new StringBuilder("[");
        final List<Long> ends = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"prompt\":\"p").append(i)
                    .append("\",\"response\":\"r\"}");
            ends.add((long) json.length());
        }
        final byte[] bytes = json.append("]").toString().getBytes(StandardCharsets.UTF_8);
        final long[] consumed = new long[1];
        final InputStream counting = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException {
                final int n = super.read(b, off, len);
                consumed[0] += Math.max(n, 0);
                return n;
            }
        };
        final JsonArrayReader reader = new JsonArrayReader(counting);
        int handed = 0;
        List<RecordReader.Value> batch;
        while (!(batch = reader.next(256)).isEmpty()) {
            assertTrue(batch.size() <= 256);
            handed += batch.size();
            // the element after the last one handed out, at most one 64 KiB read ahead
            assertTrue(consumed[0] <= ends.get(handed - 1) + (1 << 16),
                    consumed[0] + " bytes read for " + handed + " elements");
        }
        assertEquals(10_000, handed);
    }
}
