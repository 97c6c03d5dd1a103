package io.sftstream.export;

import io.sftstream.serdes.TrainingRecord;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes {@link ExportRecord}s as Parquet rows of {@link #SCHEMA}. The token arrays use the
 * standard three-level LIST layout ({@code <name> (LIST) { repeated group list { required int32
 * element } }}) that pyarrow, DuckDB and Hugging Face {@code datasets} read as a list of int32.
 * {@code attention_mask} is all ones and is not stored: collators build it.
 */
final class TrainingRecordWriteSupport extends WriteSupport<ExportRecord> {

    /** The columns of an exported shard. */
    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id")
            .requiredList().requiredElement(PrimitiveTypeName.INT32).named("input_ids")
            .requiredList().requiredElement(PrimitiveTypeName.INT32).named("labels")
            .required(PrimitiveTypeName.INT32).named("num_tokens")
            .required(PrimitiveTypeName.INT32).named("num_trained_tokens")
            .required(PrimitiveTypeName.BOOLEAN).named("truncated")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named("tokenizer_sha256")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named("template")
            .required(PrimitiveTypeName.INT32).named("eos_id")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named("chat_template_sha256")
            .required(PrimitiveTypeName.INT32).named("source_partition")
            .required(PrimitiveTypeName.INT64).named("source_offset")
            .named("training_record");

    private final Map<String, String> metadata;
    private RecordConsumer consumer;

    /** @param metadata key-value pairs for the file footer */
    TrainingRecordWriteSupport(final Map<String, String> metadata) {
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public WriteContext init(final ParquetConfiguration configuration) {
        return new WriteContext(SCHEMA, metadata);
    }

    @Override
    public WriteContext init(final Configuration configuration) {
        return new WriteContext(SCHEMA, metadata);
    }

    @Override
    public void prepareForWrite(final RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(final ExportRecord row) {
        final TrainingRecord record = row.record();
        final Provenance provenance = row.provenance();
        consumer.startMessage();
        string(0, "id", record.id());
        intList(1, "input_ids", record.inputIds());
        intList(2, "labels", record.labels());
        integer(3, "num_tokens", record.numTokens());
        integer(4, "num_trained_tokens", record.numTrainedTokens());
        consumer.startField("truncated", 5);
        consumer.addBoolean(record.truncated());
        consumer.endField("truncated", 5);
        string(6, "tokenizer_sha256", provenance.tokenizerSha256());
        string(7, "template", provenance.template());
        integer(8, "eos_id", provenance.eosId());
        if (provenance.chatTemplateSha256() != null) {
            string(9, "chat_template_sha256", provenance.chatTemplateSha256());
        }
        integer(10, "source_partition", row.partition());
        consumer.startField("source_offset", 11);
        consumer.addLong(row.offset());
        consumer.endField("source_offset", 11);
        consumer.endMessage();
    }

    private void string(final int index, final String name, final String value) {
        consumer.startField(name, index);
        consumer.addBinary(Binary.fromString(value));
        consumer.endField(name, index);
    }

    private void integer(final int index, final String name, final int value) {
        consumer.startField(name, index);
        consumer.addInteger(value);
        consumer.endField(name, index);
    }

    private void intList(final int index, final String name, final int[] values) {
        consumer.startField(name, index);
        consumer.startGroup();
        if (values.length > 0) {
            consumer.startField("list", 0);
            for (final int value : values) {
                consumer.startGroup();
                consumer.startField("element", 0);
                consumer.addInteger(value);
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
        consumer.endField(name, index);
    }
}
