package io.sftstream.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@value #FILE_NAME} in the export directory, so that two exports never
 * write shards of the same partition side by side. The operating system drops it when the
 * process dies, so a killed export leaves no stale lock.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = ".sftstream-export.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(final Path dir) {
        final Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new DirectoryLock(channel, lock);
        } catch (final IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new ExportException("another export is writing into " + dir + " (it holds "
                    + FILE_NAME + "); wait for it to finish or export into another directory");
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // Nothing was locked.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }
}
