package io.sftstream.export;

import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordBinary;
import io.sftstream.serdes.TrainingRecordJson;
import io.sftstream.serdes.TrainingRecordSerde;

/** How the export decodes record values ({@code --input-format}). */
public enum ValueDecoding {
    /** Tell JSON and binary apart by the first byte of each value. */
    AUTO("auto"),
    /** Every value is the JSON object. */
    JSON("json"),
    /** Every value is the binary layout. */
    BINARY("binary");

    private final String cliName;

    ValueDecoding(final String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Decodes a value; throws {@link IllegalArgumentException} when it is not a record. */
    public TrainingRecord decode(final byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the value is null");
        }
        return switch (this) {
            case AUTO -> TrainingRecordSerde.decode(value);
            case JSON -> TrainingRecordJson.read(value);
            case BINARY -> TrainingRecordBinary.read(value);
        };
    }

    public static ValueDecoding fromCliName(final String name) {
        for (final ValueDecoding decoding : values()) {
            if (decoding.cliName.equals(name)) {
                return decoding;
            }
        }
        throw new IllegalArgumentException("input format '" + name
                + "' is not one of auto, json, binary");
    }
}
