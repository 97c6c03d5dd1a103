package io.sftstream.topology.stats;

import io.sftstream.serdes.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts, per task, what happens to every record, and hands the counts of each finished window
 * to the stats combiner. Passes every record through first, unchanged; then counts it by the
 * wall-clock window it was processed in: accepted with its tokens, rejected by reason, or
 * {@code PROCESSING_ERROR} when an exception handler sent it to the DLQ during the forward (see
 * {@link TallyHandoff}).
 *
 * <p>Counts live in the in-memory, changelogged, cached store {@value #TASK_STORE}
 * (key: window start, epoch ms). The cache turns the per-record updates into one changelog write
 * per window and commit, and the changelog write commits in the same transaction as the input
 * offsets, so after a crash or a rebalance the restored counts match the committed input exactly.
 * A wall-clock punctuation forwards each window that has ended as one partial value
 * and deletes it from the store, again in one transaction: a count is in the store or in exactly
 * one partial, never both, never neither.
 */
final class StatsTallyProcessor<V extends Tallied> implements Processor<byte[], V, byte[], V> {

    /** The store of the task's counts per window. */
    static final String TASK_STORE = "sftstream-stats-task-counts";

    private final StatsSettings settings;
    private final Function<StatsCounts, V> partial;
    private ProcessorContext<byte[], V> context;
    private KeyValueStore<Long, StatsCounts> store;

    /** @param partial makes the value that carries one window's counts downstream */
    StatsTallyProcessor(final StatsSettings settings, final Function<StatsCounts, V> partial) {
        this.settings = settings;
        this.partial = partial;
    }

    @Override
    public void init(final ProcessorContext<byte[], V> context) {
        this.context = context;
        this.store = context.getStateStore(TASK_STORE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(final Record<byte[], V> record) {
        final boolean claimed;
        TallyHandoff.enter();
        try {
            context.forward(record);
        } finally {
            claimed = TallyHandoff.exit();
        }
        final long window = settings.windowStart(context.currentSystemTimeMs());
        final StatsCounts stored = store.get(window);
        final StatsCounts counts = stored == null ? new StatsCounts() : stored;
        if (claimed) {
            counts.reject(Reason.PROCESSING_ERROR);
        } else {
            record.value().countInto(counts);
        }
        store.put(window, counts);
    }

    /** Forwards every window that ended before {@code now} as a partial, and forgets it. */
    private void flush(final long now) {
        final long current = settings.windowStart(now);
        final List<KeyValue<Long, StatsCounts>> ended = new ArrayList<>();
        try (KeyValueIterator<Long, StatsCounts> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.key < current) {
                    ended.add(entry);
                }
            });
        }
        for (final KeyValue<Long, StatsCounts> entry : ended) {
            context.forward(new Record<>(StatsPartials.key(entry.key),
                    partial.apply(entry.value), now));
            store.delete(entry.key);
        }
    }
}
