package io.sftstream.export;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a complete shard: the partition and the offsets of the first and the last record
 * it holds, both inclusive, zero-padded so that names sort in offset order, e.g.
 * {@code part-00003-00000000000000012000-00000000000000013999.parquet}. A shard being written has
 * a temporary name ({@value #TMP_PREFIX}..., ending in {@value #TMP_SUFFIX}) that no glob over the
 * complete shards matches.
 *
 * <p>Offsets between two shards of a partition that belong to no record (transaction markers,
 * aborted records) are in neither shard, so the next shard always starts at the first record
 * after {@link #lastOffset()}.
 *
 * @param partition   the source partition
 * @param firstOffset the offset of the first record in the shard
 * @param lastOffset  the offset of the last record in the shard
 * @param format      the file format, which gives the extension
 */
public record ShardName(int partition, long firstOffset, long lastOffset, ShardFormat format) {

    /** Prefix of the name of a shard being written. */
    public static final String TMP_PREFIX = ".tmp-";
    /** Suffix of the name of a shard being written. */
    public static final String TMP_SUFFIX = ".tmp";

    private static final Pattern COMPLETE = Pattern.compile(
            "part-(\\d{5})-(\\d{20})-(\\d{20})(\\.parquet|\\.jsonl|\\.jsonl\\.gz)");

    public ShardName {
        if (partition < 0 || firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("not a shard range: partition " + partition
                    + ", offsets " + firstOffset + "-" + lastOffset);
        }
    }

    /** The file name of the complete shard. */
    public String fileName() {
        return String.format(Locale.ROOT, "part-%05d-%020d-%020d%s", partition, firstOffset,
                lastOffset, format.extension());
    }

    /** The temporary file name of a shard of this partition that starts at {@code first}. */
    public static String temporaryName(final int partition, final long first,
                                       final ShardFormat format) {
        return String.format(Locale.ROOT, "%spart-%05d-%020d%s%s", TMP_PREFIX, partition, first,
                format.extension(), TMP_SUFFIX);
    }

    /** Whether the file name is that of a shard being written (or left by a crash). */
    public static boolean isTemporary(final String fileName) {
        return fileName.startsWith(TMP_PREFIX) && fileName.endsWith(TMP_SUFFIX);
    }

    /** The complete shard a file name stands for, or empty when it names none. */
    public static Optional<ShardName> parse(final String fileName) {
        final Matcher m = COMPLETE.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        final ShardFormat format = ShardFormat.fromExtension(m.group(4));
        try {
            return Optional.of(new ShardName(Integer.parseInt(m.group(1)),
                    Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), format));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
