package io.sftstream.topology;

import io.sftstream.serdes.Reason;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Counts live in the in-memory, changelogged, cached store {@value SftTopology#STATS_TASK_STORE}
 * (key: window start, epoch ms). The cache turns the per-record updates into one changelog write
 * per window and commit, and the changelog write commits in the same transaction as the input
 * offsets, so after a crash or a rebalance the restored counts match the committed input exactly.
 * A wall-clock punctuation forwards each window that has ended as one {@link Routed.StatsPartial}
 * and deletes it from the store, again in one transaction: a count is in the store or in exactly
 * one partial, never both, never neither.
 */
final class StatsTallyProcessor implements Processor<byte[], Routed, byte[], Routed> {

    private final StatsSettings settings;
    private ProcessorContext<byte[], Routed> context;
    private KeyValueStore<Long, StatsCounts> store;

    StatsTallyProcessor(final StatsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<byte[], Routed> context) {
        this.context = context;
        this.store = context.getStateStore(SftTopology.STATS_TASK_STORE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(final Record<byte[], Routed> record) {
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
        } else if (record.value() instanceof Routed.ToOutput accepted) {
            counts.accept(accepted.record());
        } else if (record.value() instanceof Routed.ToDlq rejected) {
            counts.reject(rejected.reason());
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
                    new Routed.StatsPartial(entry.value), now));
            store.delete(entry.key);
        }
    }
}
