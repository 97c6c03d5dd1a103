package io.sftstream.export;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The columns of a Parquet shard. The token arrays use the standard three-level LIST layout
 * ({@code <name> (LIST) { repeated group list { required int32 element } }}) that pyarrow,
 * DuckDB and Hugging Face {@code datasets} read as a list of int32. {@code attention_mask} is
 * all ones and is not stored: collators build it.
 */
final class ShardSchema {

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

    /** Leaf column indexes, in schema order. */
    static final int ID = 0;
    static final int INPUT_IDS = 1;
    static final int LABELS = 2;
    static final int NUM_TOKENS = 3;
    static final int NUM_TRAINED_TOKENS = 4;
    static final int TRUNCATED = 5;
    static final int TOKENIZER = 6;
    static final int TEMPLATE = 7;
    static final int EOS_ID = 8;
    static final int CHAT_TEMPLATE = 9;
    static final int SOURCE_PARTITION = 10;
    static final int SOURCE_OFFSET = 11;

    private ShardSchema() {
    }
}
