package io.sftstream.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records every stage of one benchmark run works on: record keys and values (UTF-8 JSON
 * bytes, never null, never containing a LF byte, so that the same records can be written as a
 * JSON-lines file). Immutable after construction.
 *
 * @param description what the records are, for the report
 * @param keys        record keys
 * @param values      record values, one JSON-lines line each
 * @param generated   whether the records were generated here (not read from a file)
 */
record DataSet(String description, List<byte[]> keys, List<byte[]> values, boolean generated) {

    DataSet {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException("keys and values differ in number");
        }
        for (final byte[] value : values) {
            for (final byte b : value) {
                if (b == '\n') {
                    throw new IllegalArgumentException("a record value holds a LF byte");
                }
            }
        }
        keys = List.copyOf(keys);
        values = List.copyOf(values);
    }

    int size() {
        return values.size();
    }

    long bytes() {
        long total = 0;
        for (final byte[] value : values) {
            total += value.length;
        }
        return total;
    }

    /**
     * The lines of a JSON-lines file, repeated in order until there are {@code count} records
     * (all lines once when {@code count} is 0). The file is read, never copied anywhere.
     */
    static DataSet fromJsonLines(final Path file, final int count) throws IOException {
        final byte[] all = Files.readAllBytes(file);
        final List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            lines.add(Arrays.copyOfRange(all, start, all.length));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no line");
        }
        final int n = count <= 0 ? lines.size() : count;
        final List<byte[]> keys = new ArrayList<>(n);
        final List<byte[]> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(("line-" + i % lines.size()).getBytes(StandardCharsets.UTF_8));
            values.add(lines.get(i % lines.size()));
        }
        final String repeated = n > lines.size()
                ? String.format(", its %,d lines repeated to %,d records", lines.size(), n) : "";
        return new DataSet(file.getFileName() + repeated, keys, values, false);
    }

    /** Writes the values as a JSON-lines file. */
    void writeJsonLines(final Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (final byte[] value : values) {
                out.write(value);
                out.write('\n');
            }
        }
    }
}
