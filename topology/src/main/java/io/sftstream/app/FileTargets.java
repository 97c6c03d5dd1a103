package io.sftstream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Refuses a file run whose input, output and dead-letter file are not three different files,
 * before anything is opened for writing: the same path twice, a symbolic or hard link to the
 * same file, {@code -} and {@code /dev/stdout}, or standard input redirected from an output file.
 * Writing an output over the input would empty it before it is read; two outputs in one file
 * interleave into a file that is neither.
 */
final class FileTargets {

    /** One of the three files: its flag, its value, and whether it is written. */
    record Target(String flag, String value, boolean output) {
        Target {
            Objects.requireNonNull(flag, "flag");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Writes to it are thrown away, so any number of outputs may share it. */
    private static final Path NULL_DEVICE = Path.of("/dev/null");

    private FileTargets() {
    }

    /**
     * The path with symbolic links at its end followed, also when the last one names a file
     * that does not exist yet (a dangling link is where a write would create the file).
     */
    static Path followLinks(final Path path) throws IOException {
        Path current = path;
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(current); hops++) {
            final Path parent = current.toAbsolutePath().getParent();
            current = parent.resolve(Files.readSymbolicLink(current));
        }
        return current;
    }

    /** Whether the path is a pipe or socket (two names of one pipe do interleave). */
    private static boolean isPipe(final Path path) {
        try {
            final Object type = Files.getAttribute(path, "unix:mode");
            final int mode = type instanceof Integer m ? m : 0;
            final int kind = mode & 0170000;
            return kind == 0010000 || kind == 0140000;
        } catch (final IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @throws SettingsException naming the two settings that are the same file
     */
    static void requireDistinct(final List<Target> targets) {
        final List<Object> keys = new ArrayList<>(targets.size());
        for (final Target target : targets) {
            keys.add(identity(target));
        }
        for (int i = 0; i < targets.size(); i++) {
            for (int j = i + 1; j < targets.size(); j++) {
                final Object a = keys.get(i);
                // A terminal is both standard input and standard output: only two outputs
                // sharing it would mix.
                final boolean bothWritten = targets.get(i).output() && targets.get(j).output();
                if (a != null && a.equals(keys.get(j)) && (bothWritten || !isTerminal(a))) {
                    final Target first = targets.get(i);
                    final Target second = targets.get(j);
                    throw new SettingsException(first.flag() + " '" + first.value() + "' and "
                            + second.flag() + " '" + second.value() + "' are the same file; "
                            + "give each of --input, --output and --dlq a file of its own");
                }
            }
        }
    }

    private static boolean isTerminal(final Object key) {
        return key instanceof Device;
    }

    /** A key of a file that is not a regular file or folder (a terminal, /dev/null, ...). */
    private record Device(Object key) {
    }

    /**
     * What the value refers to: the file's key (device and inode) when it exists, else its
     * absolute normalized path with links in its folder resolved; null when unknowable.
     */
    private static Object identity(final Target target) {
        final String value = target.value();
        final Path path;
        if ("-".equals(value)) {
            path = Path.of(target.output() ? "/dev/stdout" : "/dev/stdin");
        } else {
            path = Path.of(value);
        }
        try {
            if (Files.exists(path)) {
                if (path.toRealPath().equals(NULL_DEVICE)) {
                    return null;
                }
                final BasicFileAttributes attributes =
                        Files.readAttributes(path, BasicFileAttributes.class);
                final Object key = attributes.fileKey() != null ? attributes.fileKey()
                        : path.toRealPath().toString();
                return attributes.isOther() && !isPipe(path) ? new Device(key) : key;
            }
            if ("-".equals(value)) {
                return value + (target.output() ? "out" : "in");
            }
            final Path absolute = followLinks(path.toAbsolutePath()).normalize();
            final Path parent = absolute.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                return parent.toRealPath().resolve(absolute.getFileName()).toString();
            }
            return absolute.toString();
        } catch (final IOException | SecurityException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }
}
