package io.sftstream.topology.stats;

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
 * Adds up the per-task partials of every window and publishes one {@link StatsWindow} per window
 * to the stats topic. It reads the one-partition partials topic, so a single task of the whole
 * application sees every partial, whichever instance it runs on.
 *
 * <p>State: two in-memory, changelogged stores: {@value #WINDOW_STORE} holds
 * the pending windows (key: window start, epoch ms, value: the sum so far),
 * {@value #PUBLISHED_STORE} the end of the last published window (epoch ms,
 * under key {@value #PUBLISHED_KEY}).
 *
 * <p>Publishing: a wall-clock punctuation makes sure the current window exists (so a window with
 * no traffic still gets its record of zeros), then publishes, in window order, each pending
 * window whose end lies at least the grace period ({@link StatsSettings#graceMs}) in the past,
 * and deletes it. A partial for a window that was already published (its task moved or crashed
 * across the window's end, or its clock lags) is added to the earliest pending window instead,
 * and counted there as {@code carried_over}: never lost, never counted twice, and every window
 * is published exactly once. A correction from an exception handler ({@link StatsPartials})
 * has no window and goes to the current one. Reading a partial, updating the store and
 * publishing commit in one transaction each, so the published windows add up to the partials
 * exactly.
 */
final class StatsCombiner implements Processor<byte[], byte[], String, byte[]> {

    /** The store of the pending windows. */
    public static final String WINDOW_STORE = "sftstream-stats-windows";
    /** The store of the end of the last published window. */
    public static final String PUBLISHED_STORE = "sftstream-stats-published";

    /** The key of the end of the last published window. */
    static final String PUBLISHED_KEY = "published-end";

    private final StatsSettings settings;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, StatsCounts> store;
    private KeyValueStore<String, Long> publishedStore;

    StatsCombiner(final StatsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(WINDOW_STORE);
        this.publishedStore = context.getStateStore(PUBLISHED_STORE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::publish);
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final long window = StatsPartials.windowOf(record.key());
        final StatsCounts partial = StatsCounts.fromBytes(record.value());
        final long published = publishedEnd();
        final long current = Math.max(published,
                settings.windowStart(context.currentSystemTimeMs()));
        final long target;
        if (window == StatsPartials.UNLABELLED) {
            target = current;
        } else if (window < published) {
            target = firstPending(current);
            partial.markCarriedOver();
        } else {
            target = window;
        }
        final StatsCounts stored = store.get(target);
        store.put(target, stored == null ? partial : stored.add(partial));
    }

    private void publish(final long now) {
        long published = publishedEnd();
        final long current = settings.windowStart(now);
        if (current >= published && store.get(current) == null) {
            store.put(current, new StatsCounts());
        }
        final List<KeyValue<Long, StatsCounts>> due = new ArrayList<>();
        try (KeyValueIterator<Long, StatsCounts> windows = store.range(0L, Long.MAX_VALUE)) {
            windows.forEachRemaining(entry -> {
                if (entry.key + settings.windowMs() + settings.graceMs() <= now) {
                    due.add(entry);
                }
            });
        }
        for (final KeyValue<Long, StatsCounts> entry : due) {
            final long end = entry.key + settings.windowMs();
            final StatsWindow window = StatsWindow.of(entry.key, end, entry.value);
            context.forward(new Record<>(window.key(), window.toJson(), end));
            store.delete(entry.key);
            published = Math.max(published, end);
        }
        if (!due.isEmpty()) {
            publishedStore.put(PUBLISHED_KEY, published);
        }
    }

    /** The end of the last published window, epoch ms; 0 before the first. */
    private long publishedEnd() {
        final Long end = publishedStore.get(PUBLISHED_KEY);
        return end == null ? 0L : end;
    }

    /** The earliest pending window, or {@code fallback} when none is pending. */
    private long firstPending(final long fallback) {
        try (KeyValueIterator<Long, StatsCounts> windows = store.range(0L, Long.MAX_VALUE)) {
            return windows.hasNext() ? windows.next().key : fallback;
        }
    }
}
