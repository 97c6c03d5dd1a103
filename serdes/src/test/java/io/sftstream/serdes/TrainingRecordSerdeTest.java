package io.sftstream.serdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingRecordSerdeTest {

    private static final TrainingRecord SAMPLE = new TrainingRecord("a-17",
            new int[] {151644, 872, 198, 9707, 151645}, new int[] {-100, -100, -100, 9707, 151645},
            2, false);

    @Test
    void shouldWriteContractJsonExactly() {
        assertEquals("{\"id\":\"a-17\",\"input_ids\":[151644,872,198,9707,151645],"
                + "\"labels\":[-100,-100,-100,9707,151645],\"attention_mask\":[1,1,1,1,1],"
                + "\"num_tokens\":5,\"num_trained_tokens\":2,\"truncated\":false}",
                new String(TrainingRecordJson.write(SAMPLE), StandardCharsets.UTF_8));
    }

    @Test
    void shouldEscapeIdsInJson() {
        final TrainingRecord record = new TrainingRecord("q\"\\\n\u0001é😀", new int[] {7},
                new int[] {7}, 1, true);
        final String json = new String(TrainingRecordJson.write(record), StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"q\\\"\\\\\\n\\u0001é😀\",\"input_ids\":[7],\"labels\":[7],"
                + "\"attention_mask\":[1],\"num_tokens\":1,\"num_trained_tokens\":1,"
                + "\"truncated\":true}", json);
        assertEquals(record, TrainingRecordJson.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRoundTripRandomRecordsInBothFormats() {
        final Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            final int n = random.nextInt(300);
            final int[] ids = new int[n];
            final int[] labels = new int[n];
            int trained = 0;
            for (int k = 0; k < n; k++) {
                ids[k] = random.nextInt(Integer.MAX_VALUE) * (random.nextBoolean() ? 1 : -1);
                labels[k] = random.nextBoolean() ? -100 : ids[k];
                trained += labels[k] == -100 ? 0 : 1;
            }
            final TrainingRecord record = new TrainingRecord("id-" + i + "-ü", ids, labels,
                    trained, random.nextBoolean());
            final TrainingRecordSerde json = new TrainingRecordSerde(OutputFormat.JSON);
            final TrainingRecordSerde binary = new TrainingRecordSerde(OutputFormat.BINARY);
            assertEquals(record, json.deserializer().deserialize("t",
                    json.serializer().serialize("t", record)));
            assertEquals(record, binary.deserializer().deserialize("t",
                    binary.serializer().serialize("t", record)));
        }
    }

    @Test
    void shouldWriteDocumentedBinaryLayout() {
        final byte[] bytes = TrainingRecordBinary.write(SAMPLE);
        assertEquals(14 + 4 + 8 * 5, bytes.length);
        final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, buf.get());
        assertEquals(0, buf.get());
        assertEquals(4, buf.getInt());
        final byte[] id = new byte[4];
        buf.get(id);
        assertArrayEquals("a-17".getBytes(StandardCharsets.UTF_8), id);
        assertEquals(5, buf.getInt());
        assertEquals(2, buf.getInt());
        assertEquals(151644, buf.getInt());
        buf.position(buf.position() + 16);
        assertEquals(-100, buf.getInt());
    }

    @Test
    void shouldRefuseCorruptBinary() {
        final byte[] bytes = TrainingRecordBinary.write(SAMPLE);
        assertThrows(IllegalArgumentException.class,
                () -> TrainingRecordBinary.read(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        bytes[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> TrainingRecordBinary.read(bytes));
    }
}
