package io.sftstream.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * What one export does.
 *
 * @param topic        the output topic to read
 * @param partitions   the partitions to export, or empty for all of them
 * @param outputDir    where the shards go
 * @param format       the shard format
 * @param codec        Parquet page compression (ignored for JSON lines)
 * @param decoding     how record values are decoded
 * @param shardRecords a shard is complete at this many records
 * @param shardMaxAge  a shard is complete this long after its first record, or null for never
 * @param follow       keep reading new records instead of stopping at the end offsets read at
 *                     start
 * @param allowMixed   accept records whose provenance differs from the directory's
 */
public record ExportSettings(String topic, List<Integer> partitions, Path outputDir,
                             ShardFormat format, CompressionCodecName codec,
                             ValueDecoding decoding, int shardRecords, Duration shardMaxAge,
                             boolean follow, boolean allowMixed) {

    public ExportSettings {
        partitions = List.copyOf(partitions);
        if (shardRecords < 1) {
            throw new IllegalArgumentException("shardRecords must be at least 1");
        }
    }
}
