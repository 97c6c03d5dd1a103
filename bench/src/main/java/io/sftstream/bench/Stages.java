package io.sftstream.bench;

import io.sftstream.app.FileRunner;
import io.sftstream.app.RunStats;
import io.sftstream.serdes.TrainingRecordJson;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.TokenizerBundle;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The in-memory and file stages. Each returns its wall time and a checksum; none of them
 * allocates anything per run that the others do not (the records and segments are prepared
 * beforehand).
 */
final class Stages {

    /** Records per chunk that a worker takes at a time. */
    private static final int CHUNK = 8;
    /** Records whose segments go into one batchEncode call. */
    static final int BATCH_RECORDS = 64;

    private Stages() {
    }

    /**
     * The limit: every text segment of every accepted record, one encode each, with the engine
     * that the pipeline encodes with ({@link TokenizerBundle#encode}: the Java engine under
     * {@code --tokenizer-engine auto} for byte-level BPE tokenizers, else DJL's JNI call).
     */
    static Parallel.Timed limit(final Workload work, final TokenizerBundle tokenizer,
                                final int threads) throws InterruptedException {
        return encodeSegments(work, threads, text -> tokenizer.encode(text).length);
    }

    /**
     * The limit as it was before the Java engine: the same segments, each encoded by DJL's JNI
     * call ({@link TokenizerBundle#encodeWithLibrary}), whichever engine the pipeline uses.
     */
    static Parallel.Timed limitLibrary(final Workload work, final TokenizerBundle tokenizer,
                                       final int threads) throws InterruptedException {
        return encodeSegments(work, threads, text -> tokenizer.encodeWithLibrary(text).length);
    }

    private static Parallel.Timed encodeSegments(final Workload work, final int threads,
                                                 final ToIntFunction<String> encode)
            throws InterruptedException {
        final String[][] segments = work.segments();
        return Parallel.run(threads, segments.length, CHUNK, (from, to) -> {
            long ids = 0;
            for (int i = from; i < to; i++) {
                final String[] texts = segments[i];
                if (texts != null) {
                    for (final String text : texts) {
                        ids += encode.applyAsInt(text);
                    }
                }
            }
            return ids;
        });
    }

    /** The same segments, {@link #BATCH_RECORDS} records' worth per batchEncode call. */
    static Parallel.Timed limitBatch(final Workload work, final RawTokenizer raw,
                                     final int threads) throws InterruptedException {
        final List<String[]> batches = batches(work);
        return Parallel.run(threads, batches.size(), 1, (from, to) -> {
            long ids = 0;
            for (int b = from; b < to; b++) {
                ids += raw.encodeBatch(batches.get(b));
            }
            return ids;
        });
    }

    private static List<String[]> batches(final Workload work) {
        final List<String[]> batches = new ArrayList<>();
        final List<String> current = new ArrayList<>();
        final String[][] segments = work.segments();
        for (int i = 0; i < segments.length; i++) {
            if (segments[i] != null) {
                current.addAll(List.of(segments[i]));
            }
            if ((i + 1) % BATCH_RECORDS == 0 || i == segments.length - 1) {
                if (!current.isEmpty()) {
                    batches.add(current.toArray(new String[0]));
                }
                current.clear();
            }
        }
        return batches;
    }

    /**
     * The step: record bytes to the output JSON (parse, template, special-token scan, encode,
     * labels, serialize), exactly what the topology's processor and the output Serde do.
     */
    static Parallel.Timed step(final Workload work, final Preprocessor preprocessor,
                               final int threads) throws InterruptedException {
        final List<byte[]> values = work.data().values();
        return Parallel.run(threads, values.size(), CHUNK, (from, to) -> {
            long bytes = 0;
            for (int i = from; i < to; i++) {
                final Outcome outcome = preprocessor.process(values.get(i), "bench-0-" + i);
                if (outcome instanceof Outcome.Accepted accepted) {
                    bytes += TrainingRecordJson.write(accepted.record()).length;
                }
            }
            return bytes;
        });
    }

    /**
     * File mode: {@code sftstream file}'s runner over the data set as a JSON-lines file, output
     * and dead letters written to files, as FileCommand opens them (1 MiB buffers).
     */
    static Parallel.Timed file(final Path input, final Path dir, final Preprocessor preprocessor,
                               final int threads) throws IOException {
        final Path out = dir.resolve("out.jsonl");
        final Path dlq = dir.resolve("dlq.jsonl");
        final long start = System.nanoTime();
        final RunStats stats;
        try (InputStream in = Files.newInputStream(input);
             OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
             OutputStream d = new BufferedOutputStream(Files.newOutputStream(dlq), 1 << 20)) {
            stats = new FileRunner(preprocessor, threads, FileRunner.Progress.NONE)
                    .run(in, o, d);
        }
        final long nanos = System.nanoTime() - start;
        Files.deleteIfExists(out);
        Files.deleteIfExists(dlq);
        return new Parallel.Timed(nanos, stats.accepted());
    }
}
