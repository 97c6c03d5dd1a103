package io.sftstream.serdes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingRecordJsonTest {

    /** The contract's JSON written the plain way, to compare the fast writer with. */
    private static String reference(final TrainingRecord r) {
        final StringBuilder sb = new StringBuilder("{\"id\":\"").append(r.id()).append('"');
        sb.append(",\"input_ids\":").append(list(r.inputIds()));
        sb.append(",\"labels\":").append(list(r.labels()));
        sb.append(",\"attention_mask\":[");
        for (int i = 0; i < r.numTokens(); i++) {
            sb.append(i > 0 ? ",1" : "1");
        }
        return sb.append("],\"num_tokens\":").append(r.numTokens())
                .append(",\"num_trained_tokens\":").append(r.numTrainedTokens())
                .append(",\"truncated\":").append(r.truncated()).append('}').toString();
    }

    private static String list(final int[] values) {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(values[i]);
        }
        return sb.append(']').toString();
    }

    @Test
    void shouldWriteEveryIntAndLengthExactlyAsDecimalText() {
        final int[] edges = {0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 99_999, 100_000,
            999_999, 1_000_000, 9_999_999, 10_000_000, 99_999_999, 100_000_000, 999_999_999,
            1_000_000_000, Integer.MAX_VALUE, -1, -9, -10, -99, -100, -101, -1000,
            -1_000_000_000, Integer.MIN_VALUE + 1, Integer.MIN_VALUE};
        final TrainingRecord record = new TrainingRecord("edges", edges, edges.clone(), 3, true);
        assertEquals(reference(record), new String(TrainingRecordJson.write(record),
                StandardCharsets.UTF_8));
        final Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            final int n = round == 0 ? 0 : random.nextInt(round < 400 ? 50 : 5000);
            final int[] ids = new int[n];
            final int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(200_000);
                    case 1 -> random.nextInt();
                    case 2 -> random.nextInt(10);
                    default -> -random.nextInt(1000);
                };
                labels[i] = random.nextBoolean() ? TrainingRecord.IGNORE_INDEX : ids[i];
            }
            final TrainingRecord r = new TrainingRecord("r-" + round, ids, labels,
                    random.nextInt(Integer.MAX_VALUE), random.nextBoolean());
            assertEquals(reference(r), new String(TrainingRecordJson.write(r),
                    StandardCharsets.UTF_8));
        }
    }
}
