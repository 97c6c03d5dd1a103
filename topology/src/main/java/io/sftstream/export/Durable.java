package io.sftstream.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File operations that survive a crash: a rename is durable once the directory is synced. */
final class Durable {

    private Durable() {
    }

    /** Renames {@code from} to {@code to} in one step and syncs their directory. */
    static void rename(final Path from, final Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** Writes a small file under a temporary name, fsyncs it and renames it into place. */
    static void writeAtomically(final Path dir, final String name, final byte[] bytes)
            throws IOException {
        final Path tmp = dir.resolve(ShardName.TMP_PREFIX + name + ShardName.TMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    static void syncDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (final IOException e) {
            // Some file systems refuse to sync a directory; the rename itself is still atomic.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
