package io.sftstream.export;

import java.io.IOException;

/**
 * Writes the records of one shard to its temporary file. {@link #finish} makes the file durable
 * (flushed and fsynced) and closes it; only then may it be renamed to its complete name.
 * {@link #close} without {@link #finish} discards nothing by itself: the caller deletes the
 * temporary file. Not thread-safe.
 */
public interface ShardWriter extends AutoCloseable {

    void write(ExportRecord record) throws IOException;

    /** Flushes, fsyncs and closes the file. */
    void finish() throws IOException;

    /** Bytes written so far (for Parquet, what has reached the file). */
    long bytesWritten();

    /** Closes the file if {@link #finish} did not; never throws. */
    @Override
    void close();
}
