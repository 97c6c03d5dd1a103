package io.sftstream.serdes;

/** How training records are written to the output topic ({@code output.format}). */
public enum OutputFormat {
    /** The JSON object of {@link TrainingRecordJson}. */
    JSON("json"),
    /** The little-endian int32 layout of {@link TrainingRecordBinary}. */
    BINARY("binary");

    private final String cliName;

    OutputFormat(final String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public byte[] write(final TrainingRecord record) {
        return this == JSON ? TrainingRecordJson.write(record) : TrainingRecordBinary.write(record);
    }

    public static OutputFormat fromCliName(final String name) {
        for (final OutputFormat format : values()) {
            if (format.cliName.equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("output format '" + name
                + "' is not one of json, binary");
    }
}
