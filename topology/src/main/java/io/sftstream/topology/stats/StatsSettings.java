package io.sftstream.topology.stats;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how often the app publishes its stats windows.
 *
 * @param topic  the stats topic: one JSON record per window (see {@link StatsWindow})
 * @param window the window length: whole seconds, from 1 s to 24 h; windows are aligned to
 *               the epoch (a 60 s window starts on a full minute, UTC)
 */
public record StatsSettings(String topic, Duration window) {

    /** The shortest and the longest window. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    public static final Duration MAX_WINDOW = Duration.ofHours(24);

    /** The default window length. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    /** The most the combiner waits after a window ends for the counts of every task. */
    static final Duration MAX_GRACE = Duration.ofSeconds(3);

    public StatsSettings {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(window, "window");
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0
                || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a stats window is whole seconds from 1 s to "
                    + "24 h, not " + window);
        }
    }

    /** The default settings for an output topic: {@code <output>-stats}, 60 s windows. */
    public static StatsSettings defaultsFor(final String outputTopic) {
        return new StatsSettings(outputTopic + "-stats", DEFAULT_WINDOW);
    }

    long windowMs() {
        return window.toMillis();
    }

    /** The start of the window that holds the wall-clock time {@code epochMs}. */
    long windowStart(final long epochMs) {
        return epochMs - Math.floorMod(epochMs, windowMs());
    }

    /** How long after a window's end the combiner publishes it: half a window, at most 3 s. */
    long graceMs() {
        return Math.min(windowMs() / 2, MAX_GRACE.toMillis());
    }

    /** How often the tally and the combiner look at the clock: a tenth of a window, 0.1-1 s. */
    Duration tick() {
        return Duration.ofMillis(Math.max(100, Math.min(1000, windowMs() / 10)));
    }
}
