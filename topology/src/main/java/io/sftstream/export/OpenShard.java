package io.sftstream.export;

import io.sftstream.serdes.TrainingRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A shard being written: its temporary file, the range of offsets handed to it so far, and a
 * thread of its own that decodes the values and encodes the rows, so that the shards of several
 * partitions are written on several cores while the polling thread only reads headers. Records
 * are handed over in batches; at most {@value #IN_FLIGHT} batches wait, which bounds memory.
 * Used by one thread (the exporter's); the writer thread is its own.
 */
final class OpenShard {

    private static final int BATCH = 256;
    private static final int IN_FLIGHT = 4;

    /** A record as polled: decoding it is the writer thread's work. */
    record Pending(byte[] value, Provenance provenance, int partition, long offset) {
    }

    final Path tmp;
    final long first;
    final long startNanos = System.nanoTime();
    long last;
    int count;

    private final ShardWriter writer;
    private final ValueDecoding decoding;
    private final ExecutorService thread;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private List<Pending> batch = new ArrayList<>(BATCH);
    private volatile Exception failure;

    private OpenShard(final Path tmp, final ShardWriter writer, final ValueDecoding decoding,
                      final int partition, final long first) {
        this.tmp = tmp;
        this.writer = writer;
        this.decoding = decoding;
        this.first = first;
        this.last = first;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "sftstream-export-p" + partition);
            t.setDaemon(true);
            return t;
        });
    }

    static OpenShard start(final ExportSettings settings, final int partition, final long first,
                           final Provenance provenance) throws IOException {
        final Path tmp = settings.outputDir().resolve(ShardName.temporaryName(partition, first,
                settings.format()));
        Files.deleteIfExists(tmp);
        final ShardWriter writer = switch (settings.format()) {
            case PARQUET -> new ParquetShardWriter(tmp, settings.codec(), Map.of(
                    "sftstream.topic", settings.topic(),
                    "sftstream.partition", Integer.toString(partition),
                    "sftstream.tokenizer", provenance.tokenizerSha256(),
                    "sftstream.template", provenance.template(),
                    "sftstream.eos.id", Integer.toString(provenance.eosId())));
            case JSONL -> new JsonlShardWriter(tmp, false);
            case JSONL_GZIP -> new JsonlShardWriter(tmp, true);
        };
        return new OpenShard(tmp, writer, settings.decoding(), partition, first);
    }

    void write(final Pending record) throws IOException {
        rethrow();
        batch.add(record);
        last = record.offset();
        count++;
        if (batch.size() >= BATCH) {
            submit();
        }
    }

    private void submit() {
        if (batch.isEmpty()) {
            return;
        }
        final List<Pending> handed = batch;
        batch = new ArrayList<>(BATCH);
        slots.acquireUninterruptibly();
        thread.execute(() -> {
            try {
                if (failure == null) {
                    for (final Pending pending : handed) {
                        writer.write(new ExportRecord(decode(pending), pending.provenance(),
                                pending.partition(), pending.offset()));
                    }
                }
            } catch (final IOException | RuntimeException e) {
                failure = e;
            } finally {
                slots.release();
            }
        });
    }

    private TrainingRecord decode(final Pending pending) {
        try {
            return decoding.decode(pending.value());
        } catch (final IllegalArgumentException e) {
            throw new ExportException("the record at partition " + pending.partition()
                    + " offset " + pending.offset() + " is not a " + decoding.cliName()
                    + " training record (" + e.getMessage() + "); check --input-format and "
                    + "the topic");
        }
    }

    /** Writes what is pending, then flushes, fsyncs and closes the file. */
    void finish() throws IOException {
        submit();
        try {
            thread.submit(() -> {
                if (failure == null) {
                    writer.finish();
                }
                return null;
            }).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while completing " + tmp);
        } catch (final ExecutionException e) {
            failure = e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.shutdown();
        }
        rethrow();
    }

    /** Stops the writer thread and closes the file; the caller deletes it. */
    void discard() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    private void rethrow() throws IOException {
        final Exception e = failure;
        if (e instanceof IOException io) {
            throw io;
        } else if (e instanceof RuntimeException runtime) {
            throw runtime;
        } else if (e != null) {
            throw new IOException(e);
        }
    }
}
