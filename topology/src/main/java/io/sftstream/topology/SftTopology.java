package io.sftstream.topology;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.tokenize.Preprocessor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The sftstream topology, read top to bottom:
 *
 * <pre>
 * input (bytes, bytes) ─► preprocess ─► route ─┬─ accepted ─► training record ─► output
 *                                              └─ rejected ─► original value  ─► dlq
 * </pre>
 *
 * <p>The input is read as raw bytes so that no deserializer can fail on bad input; parsing
 * happens inside the preprocess step, whose outcome decides the branch. Every node is named, so
 * {@code describe()} is stable. The topology is stateless.
 */
public final class SftTopology {

    public static final String SOURCE = "sftstream-source";
    public static final String PREPROCESS = "sftstream-preprocess";
    public static final String ROUTE = "sftstream-route-";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String TO_TRAINING_RECORD = "sftstream-training-record";
    public static final String TO_ORIGINAL_VALUE = "sftstream-original-value";
    public static final String OUTPUT_SINK = "sftstream-output-sink";
    public static final String DLQ_SINK = "sftstream-dlq-sink";

    private SftTopology() {
    }

    /** The topology, with no per-record listener. */
    public static Topology build(final Topics topics, final Preprocessor preprocessor,
                                 final OutputFormat format) {
        return build(topics, preprocessor, format, RecordListener.NONE);
    }

    /**
     * The topology.
     *
     * @param topics       input, output and DLQ topic names
     * @param preprocessor the shared, thread-safe preprocessing step
     * @param format       how training records are written to the output topic
     * @param listener     told about every processed record (metrics)
     */
    public static Topology build(final Topics topics, final Preprocessor preprocessor,
                                 final OutputFormat format, final RecordListener listener) {
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<byte[], Routed> routed = builder
                .stream(topics.input(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(SOURCE))
                .processValues(() -> new PreprocessProcessor(preprocessor, listener),
                        Named.as(PREPROCESS));
        routed.split(Named.as(ROUTE))
                .branch((key, value) -> value instanceof Routed.ToOutput,
                        Branched.withConsumer(accepted -> accepted
                                .mapValues(SftTopology::trainingRecord,
                                        Named.as(TO_TRAINING_RECORD))
                                .to(topics.output(), Produced.with(Serdes.ByteArray(),
                                        new TrainingRecordSerde(format)).withName(OUTPUT_SINK)),
                                ACCEPTED))
                .defaultBranch(Branched.withConsumer(rejected -> rejected
                                .mapValues(SftTopology::originalValue, Named.as(TO_ORIGINAL_VALUE))
                                .to(topics.dlq(), Produced.with(Serdes.ByteArray(),
                                        Serdes.ByteArray()).withName(DLQ_SINK)),
                        REJECTED));
        return builder.build();
    }

    private static TrainingRecord trainingRecord(final Routed value) {
        return ((Routed.ToOutput) value).record();
    }

    private static byte[] originalValue(final Routed value) {
        return ((Routed.ToDlq) value).originalValue();
    }
}
