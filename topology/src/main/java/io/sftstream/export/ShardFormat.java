package io.sftstream.export;

/** The file format of the shards ({@code --format}, {@code --gzip}). */
public enum ShardFormat {
    /** Apache Parquet, one row group or more per shard. */
    PARQUET(".parquet"),
    /** One JSON object per line. */
    JSONL(".jsonl"),
    /** One JSON object per line, gzip-compressed. */
    JSONL_GZIP(".jsonl.gz");

    private final String extension;

    ShardFormat(final String extension) {
        this.extension = extension;
    }

    /** The file name extension, with its dot. */
    public String extension() {
        return extension;
    }

    /** The name written in the manifest and accepted by {@code --format}. */
    public String cliName() {
        return this == PARQUET ? "parquet" : "jsonl";
    }

    static ShardFormat fromExtension(final String extension) {
        for (final ShardFormat format : values()) {
            if (format.extension.equals(extension)) {
                return format;
            }
        }
        throw new IllegalArgumentException("no shard format has the extension " + extension);
    }
}
