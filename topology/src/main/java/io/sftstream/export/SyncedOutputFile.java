package io.sftstream.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A local file for parquet-java's writer that is fsynced when the writer closes it, so that a
 * shard renamed afterwards is on disk whole. parquet-java's own {@code LocalOutputFile} only
 * closes.
 */
final class SyncedOutputFile implements OutputFile {

    private static final int BUFFER = 1 << 20;

    private final Path path;

    SyncedOutputFile(final Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(final long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite(final long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(final StandardOpenOption... options) throws IOException {
        final StandardOpenOption[] all = new StandardOpenOption[options.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = StandardOpenOption.WRITE;
        return new SyncedStream(FileChannel.open(path, all));
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path.toString();
    }

    /** Counts the bytes it passes on; flushes and forces the channel on close. */
    private static final class SyncedStream extends PositionOutputStream {

        private final FileChannel channel;
        private final OutputStream out;
        private long position;

        SyncedStream(final FileChannel channel) {
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(final int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                out.flush();
                channel.force(true);
            }
        }
    }
}
