package io.sftstream.topology;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.stats.StatsFlow;
import io.sftstream.topology.stats.StatsSettings;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The sftstream topology, read top to bottom:
 *
 * <pre>
 * input (bytes) ─► preprocess ─► stats tally ─┬─ training record ─► output
 *                                             ├─ original value  ─► dlq
 *                                             └─ stats partial ─► (1 partition)
 *                                                  ─► stats combine ─► stats topic
 * </pre>
 *
 * <p>Topics: input key any bytes (passed through), value UTF-8 JSON (SPEC section 1); output
 * key the input key, value a training record in the chosen {@link OutputFormat}; DLQ key and
 * value the input's bytes, unchanged, with the error headers. The input is read as raw bytes
 * so that no deserializer can fail on bad input; parsing happens inside the preprocess step,
 * whose {@link Routed} value decides the branch. Every node, store and internal topic is named,
 * so {@code describe()} is stable. The stats flow is in {@link StatsFlow}.
 */
public final class SftTopology {

    static final String SOURCE = "sftstream-source";
    static final String PREPROCESS = "sftstream-preprocess";
    static final String TO_TRAINING_RECORD = "sftstream-training-record";
    static final String TO_ORIGINAL_VALUE = "sftstream-original-value";
    static final String OUTPUT_SINK = "sftstream-output-sink";
    static final String DLQ_SINK = "sftstream-dlq-sink";

    private SftTopology() {
    }

    /**
     * The topology, as {@code run}, {@code demo} and the benchmark start it.
     *
     * @param topics       input, output and DLQ topic names
     * @param preprocessor the shared, thread-safe preprocessing step
     * @param format       how training records are written to the output topic
     * @param listener     told about every processed record (metrics)
     * @param stats        the stats topic and window
     */
    public static Topology build(final Topics topics, final Preprocessor preprocessor,
                                 final OutputFormat format, final RecordListener listener,
                                 final StatsSettings stats) {
        Objects.requireNonNull(stats, "stats");
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<byte[], Routed> processed = builder
                .stream(topics.input(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(SOURCE))
                .processValues(() -> new PreprocessProcessor(preprocessor, listener),
                        Named.as(PREPROCESS));
        final KStream<byte[], Routed> routed =
                StatsFlow.tally(builder, processed, stats, Routed.StatsPartial::new);
        routed.flatMapValues(Routed::output, Named.as(TO_TRAINING_RECORD))
                .to(topics.output(), Produced.with(Serdes.ByteArray(),
                        new TrainingRecordSerde(format)).withName(OUTPUT_SINK));
        routed.flatMapValues(Routed::deadLetter, Named.as(TO_ORIGINAL_VALUE))
                .to(topics.dlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(DLQ_SINK));
        StatsFlow.publish(routed, Routed::statsPartial, stats);
        return builder.build();
    }
}
