package io.sftstream.export;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The output directory of an export: its complete shards, from whose names the export resumes,
 * and its {@link Manifest}. Opening it deletes the temporary files a killed export left behind:
 * their records are read again into a new shard.
 */
final class ShardDirectory {

    private final Path dir;
    private final List<ShardName> shards;
    private final Optional<Manifest> manifest;
    private final int deletedTemporary;

    private ShardDirectory(final Path dir, final List<ShardName> shards,
                           final Optional<Manifest> manifest, final int deletedTemporary) {
        this.dir = dir;
        this.shards = shards;
        this.manifest = manifest;
        this.deletedTemporary = deletedTemporary;
    }

    /** Creates the directory if it does not exist. */
    static void create(final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new ExportException("--output-dir '" + dir + "' cannot be created ("
                    + e.getMessage() + "); give a writable directory");
        }
    }

    /**
     * Deletes temporary files and lists the shards; the caller holds the directory's lock.
     */
    static ShardDirectory open(final Path dir) {
        final List<ShardName> shards = new ArrayList<>();
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (final Path file : files) {
                final String name = file.getFileName().toString();
                if (ShardName.isTemporary(name)) {
                    Files.deleteIfExists(file);
                    deleted++;
                } else {
                    ShardName.parse(name).ifPresent(shards::add);
                }
            }
        } catch (final IOException e) {
            throw new ExportException("--output-dir '" + dir + "' cannot be read ("
                    + e.getMessage() + "); give a readable and writable directory");
        }
        if (deleted > 0) {
            try {
                Durable.syncDirectory(dir);
            } catch (final IOException e) {
                throw new ExportException("--output-dir '" + dir + "' cannot be synced ("
                        + e.getMessage() + ")");
            }
        }
        shards.sort(Comparator.comparingInt(ShardName::partition)
                .thenComparingLong(ShardName::firstOffset));
        return new ShardDirectory(dir, Collections.unmodifiableList(shards), Manifest.read(dir),
                deleted);
    }

    Path path() {
        return dir;
    }

    List<ShardName> shards() {
        return shards;
    }

    Optional<Manifest> manifest() {
        return manifest;
    }

    int deletedTemporary() {
        return deletedTemporary;
    }

    /** Per partition, the offset after the last record of its last complete shard. */
    Map<Integer, Long> resumeOffsets() {
        final Map<Integer, Long> next = new TreeMap<>();
        for (final ShardName shard : shards) {
            next.merge(shard.partition(), shard.lastOffset() + 1, Math::max);
        }
        return next;
    }
}
