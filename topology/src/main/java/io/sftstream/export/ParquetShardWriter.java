package io.sftstream.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * A Parquet shard, ZSTD-compressed (see {@link ParquetCodecs}), written without Hadoop on the
 * class path: parquet-java's plain configuration, a local fsyncing output file and pure-Java
 * codecs.
 */
final class ParquetShardWriter implements ShardWriter {

    /** Row groups of up to this many bytes (buffered in memory, compressed). */
    private static final long ROW_GROUP_BYTES = 64L << 20;

    private final ParquetWriter<ExportRecord> writer;
    private boolean closed;

    ParquetShardWriter(final Path file, final CompressionCodecName codec,
                       final Map<String, String> metadata) throws IOException {
        this.writer = new Builder(new SyncedOutputFile(file), metadata)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs())
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withDictionaryEncoding(false)
                .withDictionaryEncoding("tokenizer_sha256", true)
                .withDictionaryEncoding("template", true)
                .withDictionaryEncoding("chat_template_sha256", true)
                .build();
    }

    @Override
    public void write(final ExportRecord record) throws IOException {
        writer.write(record);
    }

    @Override
    public void finish() throws IOException {
        closed = true;
        writer.close();
    }

    @Override
    public long bytesWritten() {
        return writer.getDataSize();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } catch (final IOException | UncheckedIOException | IllegalStateException e) {
                // The caller deletes the temporary file.
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ExportRecord, Builder> {

        private final Map<String, String> metadata;

        Builder(final OutputFile file, final Map<String, String> metadata) {
            super(file);
            this.metadata = metadata;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ExportRecord> getWriteSupport(
                final ParquetConfiguration conf) {
            return new TrainingRecordWriteSupport(metadata);
        }

        @Override
        protected WriteSupport<ExportRecord> getWriteSupport(final Configuration conf) {
            return new TrainingRecordWriteSupport(metadata);
        }
    }
}
