package io.sftstream.topology.stats;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueMapper;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The stats flow of the topology, in two calls: {@link #tally} after the preprocessing step,
 * {@link #publish} for the partials it emits. Every node, store and internal topic of the flow
 * is named and starts with {@value #PREFIX}; all stores are in memory:
 *
 * <pre>
 * ─► tally (store {@value StatsTallyProcessor#TASK_STORE}, one per input partition) ─► ...
 *      partial ─► bytes ─► repartition {@value StatsPartials#NAME} (1 partition)
 *        ─► combine (stores {@value StatsCombiner#WINDOW_STORE},
 *           {@value StatsCombiner#PUBLISHED_STORE}) ─► stats topic (partition 0)
 * </pre>
 *
 * <p>Stats topic: key the window start (ISO-8601 string), value {@link StatsWindow} JSON,
 * always partition 0 so that windows stay in order.
 */
public final class StatsFlow {

    /** Every node, store and internal topic of the stats flow starts with this. */
    public static final String PREFIX = "sftstream-stats";
    static final String TALLY = "sftstream-stats-tally";
    static final String TO_BYTES = "sftstream-stats-partial-bytes";
    static final String COMBINE = "sftstream-stats-combine";
    static final String SINK = "sftstream-stats-sink";

    private StatsFlow() {
    }

    /**
     * Adds the stores and the tally: every value passes through unchanged and is counted.
     *
     * @param partial makes the value that carries one window's counts on the same stream
     * @return the tallied stream, with the partials among its values
     */
    public static <V extends Tallied> KStream<byte[], V> tally(
            final StreamsBuilder builder, final KStream<byte[], V> processed,
            final StatsSettings stats, final Function<StatsCounts, V> partial) {
        // Cached: the per-record updates reach the changelog once per commit, not per record.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StatsTallyProcessor.TASK_STORE), Serdes.Long(),
                StatsCounts.serde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StatsCombiner.WINDOW_STORE), Serdes.Long(),
                StatsCounts.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StatsCombiner.PUBLISHED_STORE), Serdes.String(),
                Serdes.Long()));
        return processed.process(() -> new StatsTallyProcessor<>(stats, partial),
                Named.as(TALLY), StatsTallyProcessor.TASK_STORE);
    }

    /**
     * Sends the partials among the tallied values through the one-partition topic to the
     * combiner, which publishes the windows to the stats topic.
     *
     * @param partials the counts a value carries: one for a partial, none for any other value
     */
    public static <V> void publish(final KStream<byte[], V> tallied,
                                   final ValueMapper<V, List<StatsCounts>> partials,
                                   final StatsSettings stats) {
        tallied.flatMapValues(value -> toBytes(partials.apply(value)), Named.as(TO_BYTES))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(StatsPartials.NAME).withNumberOfPartitions(1))
                .process(() -> new StatsCombiner(stats), Named.as(COMBINE),
                        StatsCombiner.WINDOW_STORE, StatsCombiner.PUBLISHED_STORE)
                .to(stats.topic(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withStreamPartitioner(new FirstPartition()).withName(SINK));
    }

    /** True for a node of the stats flow (its failures are bugs, never a record's fault). */
    public static boolean isStatsNode(final String nodeName) {
        return nodeName != null && nodeName.startsWith(PREFIX);
    }

    /** The internal topics the flow needs for an application id: changelogs and partials. */
    public static List<String> internalTopics(final String applicationId) {
        return List.of(
                applicationId + "-" + StatsTallyProcessor.TASK_STORE + "-changelog",
                applicationId + "-" + StatsCombiner.WINDOW_STORE + "-changelog",
                applicationId + "-" + StatsCombiner.PUBLISHED_STORE + "-changelog",
                StatsPartials.topicFor(applicationId));
    }

    private static List<byte[]> toBytes(final List<StatsCounts> counts) {
        return counts.isEmpty() ? List.of() : List.of(counts.get(0).toBytes());
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
