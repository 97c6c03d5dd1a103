package io.sftstream.topology;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.tokenize.Preprocessor;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The sftstream topology, read top to bottom:
 *
 * <pre>
 * input (bytes) ─► preprocess ─► stats tally ─► route ─┬─ accepted ─► training record ─► output
 *                                                     ├─ rejected ─► original value  ─► dlq
 *                                                     └─ stats ─► partials (1 partition)
 *                                                          ─► stats combine ─► stats topic
 * </pre>
 *
 * <p>The input is read as raw bytes so that no deserializer can fail on bad input; parsing
 * happens inside the preprocess step, whose outcome decides the branch. Every node, store and
 * internal topic is named, so {@code describe()} is stable.
 *
 * <p>The stats flow ({@link StatsTallyProcessor}, {@link StatsCombiner}) is there only when
 * {@link StatsSettings} are given; without it the topology is stateless. Its state: the
 * in-memory stores {@value #STATS_TASK_STORE} (one per input partition),
 * {@value #STATS_WINDOW_STORE} and {@value #STATS_PUBLISHED_STORE} (one each), and the internal
 * topic {@code <application.id>-}{@value #STATS_PARTIALS}{@code -repartition}. Stats topic:
 * key the window start (ISO-8601 string), value {@link StatsWindow} JSON, always partition 0 so
 * that windows stay in order.
 */
public final class SftTopology {

    public static final String SOURCE = "sftstream-source";
    public static final String PREPROCESS = "sftstream-preprocess";
    public static final String ROUTE = "sftstream-route-";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String STATS = "stats";
    public static final String TO_TRAINING_RECORD = "sftstream-training-record";
    public static final String TO_ORIGINAL_VALUE = "sftstream-original-value";
    public static final String OUTPUT_SINK = "sftstream-output-sink";
    public static final String DLQ_SINK = "sftstream-dlq-sink";

    /** The stats flow's nodes, stores and internal topic: every name starts with this. */
    public static final String STATS_PREFIX = "sftstream-stats";
    public static final String STATS_TALLY = "sftstream-stats-tally";
    public static final String STATS_TO_BYTES = "sftstream-stats-partial-bytes";
    public static final String STATS_PARTIALS = "sftstream-stats-partials";
    public static final String STATS_COMBINE = "sftstream-stats-combine";
    public static final String STATS_SINK = "sftstream-stats-sink";
    public static final String STATS_TASK_STORE = "sftstream-stats-task-counts";
    public static final String STATS_WINDOW_STORE = "sftstream-stats-windows";
    public static final String STATS_PUBLISHED_STORE = "sftstream-stats-published";

    private SftTopology() {
    }

    /** The topology without the stats flow and with no per-record listener. */
    public static Topology build(final Topics topics, final Preprocessor preprocessor,
                                 final OutputFormat format) {
        return build(topics, preprocessor, format, RecordListener.NONE);
    }

    /** The topology without the stats flow. */
    public static Topology build(final Topics topics, final Preprocessor preprocessor,
                                 final OutputFormat format, final RecordListener listener) {
        return build(topics, preprocessor, format, listener, null);
    }

    /**
     * The topology.
     *
     * @param topics       input, output and DLQ topic names
     * @param preprocessor the shared, thread-safe preprocessing step
     * @param format       how training records are written to the output topic
     * @param listener     told about every processed record (metrics)
     * @param stats        the stats topic and window, or null for no stats flow
     */
    public static Topology build(final Topics topics, final Preprocessor preprocessor,
                                 final OutputFormat format, final RecordListener listener,
                                 final StatsSettings stats) {
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<byte[], Routed> preprocessed = builder
                .stream(topics.input(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(SOURCE))
                .processValues(() -> new PreprocessProcessor(preprocessor, listener),
                        Named.as(PREPROCESS));
        final KStream<byte[], Routed> routed;
        if (stats == null) {
            routed = preprocessed;
        } else {
            addStatsStores(builder);
            routed = preprocessed.process(() -> new StatsTallyProcessor(stats),
                    Named.as(STATS_TALLY), STATS_TASK_STORE);
        }
        BranchedKStream<byte[], Routed> branches = routed.split(Named.as(ROUTE))
                .branch((key, value) -> value instanceof Routed.ToOutput,
                        Branched.withConsumer(accepted -> accepted
                                .mapValues(SftTopology::trainingRecord,
                                        Named.as(TO_TRAINING_RECORD))
                                .to(topics.output(), Produced.with(Serdes.ByteArray(),
                                        new TrainingRecordSerde(format)).withName(OUTPUT_SINK)),
                                ACCEPTED));
        if (stats != null) {
            branches = branches.branch((key, value) -> value instanceof Routed.StatsPartial,
                    Branched.withConsumer(partials -> combine(partials, stats), STATS));
        }
        branches.defaultBranch(Branched.withConsumer(rejected -> rejected
                        .mapValues(SftTopology::originalValue, Named.as(TO_ORIGINAL_VALUE))
                        .to(topics.dlq(), Produced.with(Serdes.ByteArray(),
                                Serdes.ByteArray()).withName(DLQ_SINK)),
                REJECTED));
        return builder.build();
    }

    /** True for a node of the stats flow (its failures are bugs, never a record's fault). */
    public static boolean isStatsNode(final String nodeName) {
        return nodeName != null && nodeName.startsWith(STATS_PREFIX);
    }

    private static void addStatsStores(final StreamsBuilder builder) {
        // Cached: the per-record updates reach the changelog once per commit, not per record.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STATS_TASK_STORE), Serdes.Long(),
                StatsCounts.serde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STATS_WINDOW_STORE), Serdes.Long(),
                StatsCounts.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STATS_PUBLISHED_STORE), Serdes.String(),
                Serdes.Long()));
    }

    private static void combine(final KStream<byte[], Routed> partials,
                                final StatsSettings stats) {
        partials.mapValues(SftTopology::partialBytes, Named.as(STATS_TO_BYTES))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(STATS_PARTIALS).withNumberOfPartitions(1))
                .process(() -> new StatsCombiner(stats), Named.as(STATS_COMBINE),
                        STATS_WINDOW_STORE, STATS_PUBLISHED_STORE)
                .to(stats.topic(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withStreamPartitioner(new FirstPartition()).withName(STATS_SINK));
    }

    private static TrainingRecord trainingRecord(final Routed value) {
        return ((Routed.ToOutput) value).record();
    }

    private static byte[] originalValue(final Routed value) {
        return ((Routed.ToDlq) value).originalValue();
    }

    private static byte[] partialBytes(final Routed value) {
        return ((Routed.StatsPartial) value).counts().toBytes();
    }

    /** Every stats record goes to partition 0, so that readers see the windows in order. */
    private static final class FirstPartition implements StreamPartitioner<String, byte[]> {

        @Override
        public Optional<Set<Integer>> partitions(final String topic, final String key,
                                                 final byte[] value, final int numPartitions) {
            return Optional.of(Set.of(0));
        }
    }
}
