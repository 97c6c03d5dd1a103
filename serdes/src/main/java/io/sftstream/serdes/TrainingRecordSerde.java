package io.sftstream.serdes;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka Serde of {@link TrainingRecord}. The serializer writes one {@link OutputFormat}; the
 * deserializer reads both, telling them apart by the first byte ({@code '{'} for JSON, the
 * version byte {@value TrainingRecordBinary#VERSION} for binary). A null value stays null.
 */
public final class TrainingRecordSerde implements Serde<TrainingRecord> {

    private final OutputFormat format;

    public TrainingRecordSerde(final OutputFormat format) {
        this.format = format;
    }

    /** Reads either format. */
    public static TrainingRecord decode(final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length > 0 && bytes[0] == TrainingRecordBinary.VERSION) {
            return TrainingRecordBinary.read(bytes);
        }
        return TrainingRecordJson.read(bytes);
    }

    @Override
    public Serializer<TrainingRecord> serializer() {
        return (topic, record) -> record == null ? null : format.write(record);
    }

    @Override
    public Deserializer<TrainingRecord> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
