package io.sftstream.serdes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The compact binary form of a {@link TrainingRecord} ({@code output.format=binary}). All integers
 * are little-endian int32, so a reader can map the arrays straight into NumPy
 * ({@code np.frombuffer(buf, '<i4', n, offset)}):
 *
 * <pre>
 * offset  size     field
 * 0       1        version, always 1
 * 1       1        flags: bit 0 = truncated; other bits 0
 * 2       4        L, length of the id in UTF-8 bytes
 * 6       L        id, UTF-8
 * 6+L     4        n, num_tokens
 * 10+L    4        num_trained_tokens
 * 14+L    4n       input_ids
 * 14+L+4n 4n       labels (-100 where not trained)
 * </pre>
 *
 * <p>{@code attention_mask} is all ones and is not stored. Thread-safe.
 */
public final class TrainingRecordBinary {

    /** The layout version written in the first byte. */
    public static final byte VERSION = 1;

    private static final int FLAG_TRUNCATED = 1;

    private TrainingRecordBinary() {
    }

    public static byte[] write(final TrainingRecord record) {
        final byte[] id = record.id().getBytes(StandardCharsets.UTF_8);
        final int n = record.numTokens();
        final ByteBuffer buf = ByteBuffer.allocate(14 + id.length + 8 * n)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(VERSION);
        buf.put((byte) (record.truncated() ? FLAG_TRUNCATED : 0));
        buf.putInt(id.length);
        buf.put(id);
        buf.putInt(n);
        buf.putInt(record.numTrainedTokens());
        buf.asIntBuffer().put(record.inputIds()).put(record.labels());
        return buf.array();
    }

    /** Reads a record written by {@link #write}; throws {@link IllegalArgumentException}. */
    public static TrainingRecord read(final byte[] bytes) {
        final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            final byte version = buf.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("binary training record has version "
                        + version + "; this reader knows version " + VERSION);
            }
            final boolean truncated = (buf.get() & FLAG_TRUNCATED) != 0;
            final byte[] id = new byte[checkedLength(buf.getInt(), buf.remaining())];
            buf.get(id);
            final int n = checkedLength(buf.getInt(), buf.remaining() / 8);
            final int trained = buf.getInt();
            if (buf.remaining() != 8 * n) {
                throw new IllegalArgumentException("binary training record has "
                        + buf.remaining() + " bytes of arrays, expected " + 8 * n);
            }
            final int[] inputIds = new int[n];
            final int[] labels = new int[n];
            buf.asIntBuffer().get(inputIds).get(labels);
            return new TrainingRecord(new String(id, StandardCharsets.UTF_8), inputIds, labels,
                    trained, truncated);
        } catch (final java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("binary training record is cut short", e);
        }
    }

    private static int checkedLength(final int length, final int available) {
        if (length < 0 || length > available) {
            throw new IllegalArgumentException("binary training record declares length "
                    + length + " but only " + available + " fit in what is left");
        }
        return length;
    }
}
