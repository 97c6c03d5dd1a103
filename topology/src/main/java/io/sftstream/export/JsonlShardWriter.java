package io.sftstream.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sftstream.serdes.TrainingRecord;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * A JSON-lines shard, optionally gzip-compressed: one object per record with the Parquet
 * shard's fields ({@code id, input_ids, labels, num_tokens, num_trained_tokens, truncated,
 * tokenizer_sha256, template, eos_id, chat_template_sha256, source_partition, source_offset};
 * {@code chat_template_sha256} is null without a chat template; no {@code attention_mask}).
 */
final class JsonlShardWriter implements ShardWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int BUFFER = 1 << 20;

    private final FileChannel channel;
    private final CountingStream counted;
    private final OutputStream buffered;
    private final GZIPOutputStream gzip;
    private final JsonGenerator json;
    private boolean closed;

    JsonlShardWriter(final Path file, final boolean compress) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        this.counted = new CountingStream(Channels.newOutputStream(channel));
        this.buffered = new BufferedOutputStream(counted, BUFFER);
        this.gzip = compress ? new GZIPOutputStream(buffered, BUFFER) : null;
        this.json = JSON.createGenerator(gzip != null ? gzip : buffered, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void write(final ExportRecord row) throws IOException {
        final TrainingRecord record = row.record();
        final Provenance provenance = row.provenance();
        json.writeStartObject();
        json.writeStringField("id", record.id());
        json.writeFieldName("input_ids");
        json.writeArray(record.inputIds(), 0, record.numTokens());
        json.writeFieldName("labels");
        json.writeArray(record.labels(), 0, record.numTokens());
        json.writeNumberField("num_tokens", record.numTokens());
        json.writeNumberField("num_trained_tokens", record.numTrainedTokens());
        json.writeBooleanField("truncated", record.truncated());
        json.writeStringField("tokenizer_sha256", provenance.tokenizerSha256());
        json.writeStringField("template", provenance.template());
        json.writeNumberField("eos_id", provenance.eosId());
        json.writeStringField("chat_template_sha256", provenance.chatTemplateSha256());
        json.writeNumberField("source_partition", row.partition());
        json.writeNumberField("source_offset", row.offset());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void finish() throws IOException {
        closed = true;
        try (channel) {
            json.close();
            if (gzip != null) {
                gzip.finish();
            }
            buffered.flush();
            channel.force(true);
        }
    }

    @Override
    public long bytesWritten() {
        return counted.count;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } catch (final IOException e) {
                // The caller deletes the temporary file.
            }
        }
    }

    /** Counts the bytes that reach the file. */
    private static final class CountingStream extends FilterOutputStream {

        private long count;

        CountingStream(final OutputStream out) {
            super(out);
        }

        @Override
        public void write(final int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
