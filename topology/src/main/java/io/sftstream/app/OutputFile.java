package io.sftstream.app;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output of a file run that never looks complete before it is: it is written to a temporary
 * name beside the target ({@code .<name>.<pid>.partial}) and renamed onto the target by
 * {@link #commit()}, after its bytes are on disk. {@link #abort()} (a failure, Ctrl-C) deletes the
 * temporary file and leaves whatever the target was untouched. Standard output ({@code -}) and
 * files that are not regular files (a pipe, {@code /dev/null}) are written directly.
 *
 * <p>{@link #commit()} and {@link #abort()} may race (the main thread against a shutdown hook);
 * whichever comes first wins, the other does nothing.
 */
final class OutputFile implements AutoCloseable {

    private final String flag;
    private final String value;
    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean done;
    private boolean committed;

    private OutputFile(final String flag, final String value, final Path target,
                       final Path partial, final FileChannel channel,
                       final OutputStream stream) {
        this.flag = flag;
        this.value = value;
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.stream = stream;
    }

    /**
     * Opens the output named by a flag's value.
     *
     * @throws SettingsException when the file cannot be created, with what to do
     */
    static OutputFile open(final String flag, final String value) {
        if ("-".equals(value)) {
            return new OutputFile(flag, value, null, null, null, new FilterOutputStream(
                    new BufferedOutputStream(System.out, 1 << 20)) {
                @Override
                public void write(final byte[] b, final int off, final int len)
                        throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
        }
        try {
            // Through a link, the file it names is replaced, not the link.
            final Path target = FileTargets.followLinks(Path.of(value).toAbsolutePath());
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                return new OutputFile(flag, value, null, null, null,
                        new BufferedOutputStream(Files.newOutputStream(target), 1 << 20));
            }
            final Path partial = target.resolveSibling("." + target.getFileName() + "."
                    + ProcessHandle.current().pid() + ".partial");
            final FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            keepPermissions(target, partial);
            return new OutputFile(flag, value, target, partial, channel,
                    new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20));
        } catch (final IOException | SecurityException e) {
            throw new SettingsException(flag + " file '" + value + "' cannot be written ("
                    + e.getMessage() + "): give a path in a folder that exists and is "
                    + "writable");
        }
    }

    /** A replaced file keeps its permissions (a private file stays private). */
    private static void keepPermissions(final Path target, final Path partial) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(target));
            }
        } catch (final IOException | UnsupportedOperationException e) {
            // the platform's default permissions, as for a new file
        }
    }

    /** Whether this output is standard output ({@code -}), written directly. */
    boolean isStandardOutput() {
        return "-".equals(value);
    }

    /** Where to write; buffered. */
    OutputStream stream() {
        return stream;
    }

    /** Flushes, forces the bytes to disk and renames the temporary file onto the target. */
    synchronized void commit() throws IOException {
        if (done) {
            return;
        }
        stream.flush();
        if (partial == null) {
            done = true;
            committed = true;
            stream.close();
            return;
        }
        channel.force(true);
        stream.close();
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
        committed = true;
    }

    /**
     * Deletes the temporary file unless {@link #commit()} came first.
     *
     * @return whether this output was complete (committed) already
     */
    synchronized boolean abort() {
        if (done) {
            return committed;
        }
        done = true;
        try {
            stream.close();
        } catch (final IOException e) {
            // the file is deleted next; nothing of it is kept
        }
        if (partial != null) {
            try {
                Files.deleteIfExists(partial);
            } catch (final IOException e) {
                // best effort: the name says it is partial
            }
        }
        return false;
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        abort();
    }

    /** The flag and the file, as a sentence names them: {@code --output 'out.jsonl'}. */
    @Override
    public String toString() {
        return flag + " '" + value + "'";
    }
}
