package io.sftstream.topology.stats;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Record counts of one stats window, as one task, one handler call or the combiner sees them:
 * accepted records, rejected records per reason, tokens and trained tokens of the accepted ones,
 * and how many of the records were carried over from an earlier window. Deltas may be negative
 * (a correction from the production exception handler). Mutable and not thread-safe: each
 * instance belongs to one stream thread.
 *
 * <p>Binary form (big-endian), version 1: {@code byte 1}, {@code long accepted},
 * {@code long tokens}, {@code long trainedTokens}, {@code long carriedOver}, {@code short n},
 * then {@code n} times ({@code short length}, the reason name in UTF-8, {@code long count}) for
 * the reasons whose count is not zero. A reason name this version does not know is counted as
 * {@code PROCESSING_ERROR}, so that totals stay exact across a rolling upgrade.
 */
public final class StatsCounts {

    private static final byte VERSION = 1;
    private static final Reason[] REASONS = Reason.values();
    private static final byte[][] NAMES = new byte[REASONS.length][];

    static {
        for (final Reason reason : REASONS) {
            NAMES[reason.ordinal()] = reason.name().getBytes(StandardCharsets.UTF_8);
        }
    }

    private final long[] rejected = new long[REASONS.length];
    private long accepted;
    private long tokens;
    private long trainedTokens;
    private long carriedOver;

    /** Counts one accepted record and its tokens. */
    public StatsCounts accept(final TrainingRecord record) {
        return addAccepted(1, record.numTokens(), record.numTrainedTokens());
    }

    /** Adds {@code records} accepted records (negative to take some back) and their tokens. */
    public StatsCounts addAccepted(final long records, final long tokenCount,
                                   final long trainedTokenCount) {
        accepted += records;
        tokens += tokenCount;
        trainedTokens += trainedTokenCount;
        return this;
    }

    /** Counts one rejected record. */
    public StatsCounts reject(final Reason reason) {
        rejected[reason.ordinal()]++;
        return this;
    }

    /** Adds every count of {@code other} to this one. */
    public StatsCounts add(final StatsCounts other) {
        accepted += other.accepted;
        tokens += other.tokens;
        trainedTokens += other.trainedTokens;
        carriedOver += other.carriedOver;
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] += other.rejected[i];
        }
        return this;
    }

    /** Marks every record of this count as carried over from an earlier window. */
    public StatsCounts markCarriedOver() {
        carriedOver = records();
        return this;
    }

    public long accepted() {
        return accepted;
    }

    public long rejected(final Reason reason) {
        return rejected[reason.ordinal()];
    }

    public long rejectedTotal() {
        long sum = 0;
        for (final long n : rejected) {
            sum += n;
        }
        return sum;
    }

    /** Accepted plus rejected records. */
    public long records() {
        return accepted + rejectedTotal();
    }

    public long tokens() {
        return tokens;
    }

    public long trainedTokens() {
        return trainedTokens;
    }

    public long carriedOver() {
        return carriedOver;
    }

    /** The binary form described in the class comment. */
    public byte[] toBytes() {
        int size = 1 + 4 * Long.BYTES + Short.BYTES;
        int nonZero = 0;
        for (int i = 0; i < rejected.length; i++) {
            if (rejected[i] != 0) {
                nonZero++;
                size += Short.BYTES + NAMES[i].length + Long.BYTES;
            }
        }
        final ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putLong(accepted).putLong(tokens).putLong(trainedTokens)
                .putLong(carriedOver).putShort((short) nonZero);
        for (int i = 0; i < rejected.length; i++) {
            if (rejected[i] != 0) {
                out.putShort((short) NAMES[i].length).put(NAMES[i]).putLong(rejected[i]);
            }
        }
        return out.array();
    }

    /** Reads the binary form; throws {@link IllegalArgumentException} on anything else. */
    public static StatsCounts fromBytes(final byte[] bytes) {
        if (bytes == null || bytes.length < 1 || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not a version-1 stats count");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        final StatsCounts counts = new StatsCounts();
        counts.accepted = in.getLong();
        counts.tokens = in.getLong();
        counts.trainedTokens = in.getLong();
        counts.carriedOver = in.getLong();
        final int n = in.getShort();
        for (int i = 0; i < n; i++) {
            final byte[] name = new byte[in.getShort()];
            in.get(name);
            counts.rejected[reasonOf(new String(name, StandardCharsets.UTF_8)).ordinal()]
                    += in.getLong();
        }
        return counts;
    }

    private static Reason reasonOf(final String name) {
        try {
            return Reason.valueOf(name);
        } catch (final IllegalArgumentException unknown) {
            return Reason.PROCESSING_ERROR;
        }
    }

    /** A Serde over the binary form, for the state stores. */
    public static Serde<StatsCounts> serde() {
        return Serdes.serdeFrom((topic, counts) -> counts == null ? null : counts.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("StatsCounts[accepted=").append(accepted)
                .append(" tokens=").append(tokens).append(" trained=").append(trainedTokens)
                .append(" carriedOver=").append(carriedOver);
        for (final Reason reason : REASONS) {
            if (rejected(reason) != 0) {
                sb.append(' ').append(reason.name()).append('=').append(rejected(reason));
            }
        }
        return sb.append(']').toString();
    }
}
