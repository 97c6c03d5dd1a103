package io.sftstream.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardNameTest {

    @Test
    void shouldNameShardsByPartitionAndFirstAndLastOffset() {
        final ShardName name = new ShardName(3, 12_000, 13_999, ShardFormat.PARQUET);
        assertEquals("part-00003-00000000000000012000-00000000000000013999.parquet",
                name.fileName());
        assertEquals(Optional.of(name), ShardName.parse(name.fileName()));
        final ShardName gz = new ShardName(0, 0, 0, ShardFormat.JSONL_GZIP);
        assertEquals(Optional.of(gz), ShardName.parse(gz.fileName()));
    }

    @Test
    void shouldNotTakeTemporaryOrForeignFilesForShards() {
        final String tmp = ShardName.temporaryName(3, 12_000, ShardFormat.PARQUET);
        assertTrue(ShardName.isTemporary(tmp));
        assertFalse(tmp.endsWith(".parquet"), "a *.parquet glob must not match " + tmp);
        assertEquals(Optional.empty(), ShardName.parse(tmp));
        assertEquals(Optional.empty(), ShardName.parse("part-3-12000-13999.parquet"));
        assertEquals(Optional.empty(), ShardName.parse(
                "part-00003-00000000000000013999-00000000000000012000.parquet"));
    }

    @Test
    void shouldResumeAfterTheLastShardOfEachPartitionAndDeleteTemporaryFiles(
            @TempDir final Path dir) throws IOException {
        for (final ShardName shard : new ShardName[] {
            new ShardName(0, 0, 99, ShardFormat.JSONL), new ShardName(0, 102, 180,
                ShardFormat.JSONL), new ShardName(2, 5, 9, ShardFormat.JSONL)}) {
            Files.writeString(dir.resolve(shard.fileName()), "");
        }
        final Path leftover = dir.resolve(ShardName.temporaryName(0, 181, ShardFormat.JSONL));
        Files.writeString(leftover, "{\"id\":");
        final ShardDirectory opened = ShardDirectory.open(dir);
        assertEquals(Map.of(0, 181L, 2, 10L), opened.resumeOffsets());
        assertEquals(1, opened.deletedTemporary());
        assertFalse(Files.exists(leftover));
    }
}
