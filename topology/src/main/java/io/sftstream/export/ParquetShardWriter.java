package io.sftstream.export;

import io.sftstream.serdes.TrainingRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;

/**
 * A Parquet shard of {@link ShardSchema}, written without Hadoop on the class path: a local
 * fsyncing output file, pure-Java codecs ({@link ParquetCodecs}) and parquet-java's column
 * writers fed directly with values and repetition/definition levels (the record-consumer layer
 * of {@code ParquetWriter} spent more time tracking nested fields than encoding them).
 */
final class ParquetShardWriter implements ShardWriter {

    /** A row group is flushed once its buffered pages reach this many bytes. */
    private static final long ROW_GROUP_BYTES = 64L << 20;
    /** How often (in rows) the buffered size is checked. */
    private static final int CHECK_EVERY = 64;

    private final ParquetFileWriter file;
    private final ParquetProperties properties;
    private final BytesInputCompressor compressor;
    private final Map<String, String> metadata;
    private final List<ColumnDescriptor> descriptors = ShardSchema.SCHEMA.getColumns();
    private final ColumnWriter[] columns = new ColumnWriter[descriptors.size()];
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private long rows;
    private boolean closed;

    ParquetShardWriter(final Path path, final CompressionCodecName codec,
                       final Map<String, String> metadata) throws IOException {
        this.properties = ParquetProperties.builder()
                .withDictionaryEncoding(true)
                .withDictionaryEncoding("id", false)
                .withDictionaryEncoding("source_offset", false)
                .build();
        this.compressor = new ParquetCodecs().getCompressor(codec);
        this.metadata = Map.copyOf(metadata);
        this.file = new ParquetFileWriter(new SyncedOutputFile(path), ShardSchema.SCHEMA,
                ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES, 0, null, properties);
        file.start();
        startRowGroup();
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, ShardSchema.SCHEMA,
                properties.getAllocator(), properties.getColumnIndexTruncateLength(),
                properties.getPageWriteChecksumEnabled());
        store = properties.newColumnWriteStore(ShardSchema.SCHEMA, pages, pages);
        for (int i = 0; i < columns.length; i++) {
            columns[i] = store.getColumnWriter(descriptors.get(i));
        }
    }

    @Override
    public void write(final ExportRecord row) throws IOException {
        final TrainingRecord record = row.record();
        final Provenance provenance = row.provenance();
        columns[ShardSchema.ID].write(Binary.fromString(record.id()), 0, 0);
        list(columns[ShardSchema.INPUT_IDS], record.inputIds());
        list(columns[ShardSchema.LABELS], record.labels());
        columns[ShardSchema.NUM_TOKENS].write(record.numTokens(), 0, 0);
        columns[ShardSchema.NUM_TRAINED_TOKENS].write(record.numTrainedTokens(), 0, 0);
        columns[ShardSchema.TRUNCATED].write(record.truncated(), 0, 0);
        columns[ShardSchema.TOKENIZER].write(Binary.fromString(provenance.tokenizerSha256()),
                0, 0);
        columns[ShardSchema.TEMPLATE].write(Binary.fromString(provenance.template()), 0, 0);
        columns[ShardSchema.EOS_ID].write(provenance.eosId(), 0, 0);
        if (provenance.chatTemplateSha256() == null) {
            columns[ShardSchema.CHAT_TEMPLATE].writeNull(0, 0);
        } else {
            columns[ShardSchema.CHAT_TEMPLATE].write(
                    Binary.fromString(provenance.chatTemplateSha256()), 0, 1);
        }
        columns[ShardSchema.SOURCE_PARTITION].write(row.partition(), 0, 0);
        columns[ShardSchema.SOURCE_OFFSET].write(row.offset(), 0, 0);
        store.endRecord();
        rows++;
        if (rows % CHECK_EVERY == 0 && store.getBufferedSize() >= ROW_GROUP_BYTES) {
            flushRowGroup();
            startRowGroup();
        }
    }

    /**
     * A required list of required int32: definition level 1 for an element, 0 for an empty
     * list; repetition level 0 starts the row's list, 1 continues it.
     */
    private static void list(final ColumnWriter column, final int[] values) {
        if (values.length == 0) {
            column.writeNull(0, 0);
            return;
        }
        column.write(values[0], 0, 1);
        for (int i = 1; i < values.length; i++) {
            column.write(values[i], 1, 1);
        }
    }

    private void flushRowGroup() throws IOException {
        if (rows == 0) {
            return;
        }
        file.startBlock(rows);
        store.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
        store.close();
        pages.close();
        rows = 0;
    }

    @Override
    public void finish() throws IOException {
        closed = true;
        flushRowGroup();
        file.end(metadata);
        compressor.release();
    }

    @Override
    public long bytesWritten() {
        try {
            return file.getPos() + store.getBufferedSize();
        } catch (final IOException e) {
            return store.getBufferedSize();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                file.end(metadata);
            } catch (final IOException | RuntimeException e) {
                // The caller deletes the temporary file.
            }
        }
    }
}
