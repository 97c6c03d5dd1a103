package io.sftstream.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sftstream.serdes.Rejection;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordJson;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * File mode: runs the preprocessing step over a JSON-lines stream. One record value per line;
 * lines end at LF only (a CR stays in the line); a final LF adds no record; line {@code n}
 * (from 0) gets the id {@code file-0-n}. Accepted records go to {@code out} as one JSON object per
 * line, in input order; each rejected line goes to {@code dlq} as
 * {@code {"line":n,"reason":"...","message":"...","value":"<the original line>"}} (plus
 * {@code "value_base64"} holding the exact bytes when the line is not valid UTF-8).
 *
 * <p>It streams: batches of lines are processed by {@code threads} workers and written in order,
 * with a bounded number of batches in flight, so memory does not grow with the file.
 */
public final class FileRunner {

    private static final int BATCH_LINES = 256;
    private static final JsonFactory JSON = new JsonFactory();

    private final Preprocessor preprocessor;
    private final int threads;
    private final Progress progress;

    /**
     * @param preprocessor the step to run
     * @param threads      worker threads (1 processes on the calling thread)
     * @param progress     told about every written batch; {@link Progress#NONE} for silence
     */
    public FileRunner(final Preprocessor preprocessor, final int threads,
                      final Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.preprocessor = preprocessor;
        this.threads = threads;
        this.progress = progress;
    }

    /** Processes every line of {@code in}; returns the totals. Streams are not closed. */
    public RunStats run(final InputStream in, final OutputStream out, final OutputStream dlq)
            throws IOException {
        return run(new LineReader(in), out, dlq);
    }

    /**
     * Processes every record value the reader hands out (value {@code n}, from 0, gets the id
     * {@code file-0-n} and DLQ line number {@code n}); returns the totals. Streams are not
     * closed.
     */
    RunStats run(final RecordReader lines, final OutputStream out, final OutputStream dlq)
            throws IOException {
        final RunStats stats = new RunStats();
        if (threads == 1) {
            List<RecordReader.Value> batch;
            long first = 0;
            while (!(batch = lines.next(BATCH_LINES)).isEmpty()) {
                write(process(batch, first), out, dlq, stats);
                first += batch.size();
            }
            return stats;
        }
        final ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "sftstream-file-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
            List<RecordReader.Value> batch;
            long first = 0;
            while (!(batch = lines.next(BATCH_LINES)).isEmpty()) {
                final List<RecordReader.Value> work = batch;
                final long start = first;
                inFlight.add(pool.submit(() -> process(work, start)));
                first += batch.size();
                if (inFlight.size() >= threads * 2) {
                    write(await(inFlight.poll()), out, dlq, stats);
                }
            }
            while (!inFlight.isEmpty()) {
                write(await(inFlight.poll()), out, dlq, stats);
            }
            return stats;
        } finally {
            pool.shutdownNow();
        }
    }

    private void write(final Batch batch, final OutputStream out, final OutputStream dlq,
                       final RunStats stats) throws IOException {
        // writeTo hands over the buffer itself: no copy of the batch's output.
        batch.accepted.writeTo(out);
        batch.rejected.writeTo(dlq);
        stats.add(batch.stats);
        progress.update(stats);
    }

    private static Batch await(final Future<Batch> future) throws IOException {
        try {
            return future.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while processing", e);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("file worker failed", e.getCause());
        }
    }

    private Batch process(final List<RecordReader.Value> lines, final long firstLine) {
        long inputBytes = 0;
        for (final RecordReader.Value line : lines) {
            inputBytes += line.bytes().length;
        }
        // A training record's JSON is about three times its input line: size the buffer once.
        final Batch batch = new Batch((int) Math.min(1 << 26, 3 * inputBytes + 4096));
        for (int i = 0; i < lines.size(); i++) {
            final long lineNumber = firstLine + i;
            final byte[] line = lines.get(i).bytes();
            Outcome outcome;
            if (lines.get(i).refused() != null) {
                outcome = new Outcome.Rejected(lines.get(i).refused());
            } else {
                try {
                    outcome = preprocessor.process(line, "file-0-" + lineNumber);
                } catch (final RuntimeException e) {
                    outcome = new Outcome.Rejected(Rejection.processingError(e));
                }
            }
            if (outcome instanceof Outcome.Accepted accepted) {
                final TrainingRecord record = accepted.record();
                batch.accepted.writeBytes(TrainingRecordJson.write(record));
                batch.accepted.write('\n');
                batch.stats.accept(record);
            } else {
                final Rejection rejection = ((Outcome.Rejected) outcome).rejection();
                writeDlqLine(batch.rejected, lineNumber, rejection, line);
                batch.stats.reject(rejection.reason());
            }
        }
        return batch;
    }

    static void writeDlqLine(final ByteArrayOutputStream target, final long line,
                             final Rejection rejection, final byte[] value) {
        try (JsonGenerator g = JSON.createGenerator(target)) {
            g.writeStartObject();
            g.writeNumberField("line", line);
            g.writeStringField("reason", rejection.reason().name());
            g.writeStringField("message", rejection.message());
            final String text = strictUtf8(value);
            if (text != null) {
                g.writeStringField("value", text);
            } else {
                g.writeStringField("value", new String(value, StandardCharsets.UTF_8));
                g.writeStringField("value_base64", Base64.getEncoder().encodeToString(value));
            }
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        target.write('\n');
    }

    private static String strictUtf8(final byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (final CharacterCodingException e) {
            return null;
        }
    }

    /** Output of one batch, in input order. */
    private static final class Batch {
        final ByteArrayOutputStream accepted;
        final ByteArrayOutputStream rejected = new ByteArrayOutputStream(256);
        final RunStats stats = new RunStats();

        Batch(final int expectedBytes) {
            accepted = new ByteArrayOutputStream(expectedBytes);
        }
    }

    /** Splits a byte stream into LF-terminated lines without decoding them. */
    static final class LineReader implements RecordReader {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private boolean eof;

        LineReader(final InputStream in) {
            this.in = in;
        }

        /** Up to {@code max} next lines; an empty list at the end of the stream. */
        @Override
        public List<Value> next(final int max) throws IOException {
            final List<Value> lines = new ArrayList<>(max);
            byte[] line;
            while (lines.size() < max && (line = line()) != null) {
                lines.add(Value.of(line));
            }
            return lines;
        }

        private byte[] line() throws IOException {
            ByteArrayOutputStream partial = null;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        return partial == null ? null : partial.toByteArray();
                    }
                }
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        final byte[] line;
                        if (partial == null) {
                            line = java.util.Arrays.copyOfRange(buf, pos, i);
                        } else {
                            partial.write(buf, pos, i - pos);
                            line = partial.toByteArray();
                        }
                        pos = i + 1;
                        return line;
                    }
                }
                if (partial == null) {
                    partial = new ByteArrayOutputStream(Math.max(256, (limit - pos) * 2));
                }
                partial.write(buf, pos, limit - pos);
                pos = limit;
            }
        }

        private boolean fill() throws IOException {
            final int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = n < 0;
                pos = 0;
                limit = 0;
                return !eof && fill();
            }
            pos = 0;
            limit = n;
            return true;
        }
    }

    /** Told after each batch is written; used for the progress line. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = stats -> { };

        void update(RunStats stats);
    }
}
