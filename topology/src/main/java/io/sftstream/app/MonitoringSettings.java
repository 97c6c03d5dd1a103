package io.sftstream.app;

import io.sftstream.topology.stats.StatsSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring settings of a streaming command.
 *
 * @param metricsPort {@code --metrics-port}: the port of {@code /metrics} and the health
 *                    endpoints, on all interfaces; 0 turns them off
 * @param stats       {@code --stats-topic} and {@code --stats-window}
 */
public record MonitoringSettings(int metricsPort, StatsSettings stats) {

    /** The default {@code --metrics-port}. */
    public static final int DEFAULT_METRICS_PORT = 9400;

    /** What {@code --stats-window} accepts, for error messages and help. */
    static final String WINDOW_ALLOWED = "whole seconds from 1s to 24h, as seconds (60) or with "
            + "a unit (60s, 5m, 1h)";

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(s|m|h)?");

    public boolean metricsEnabled() {
        return metricsPort != 0;
    }

    /**
     * Parses a stats window: {@code 60}, {@code 60s}, {@code 5m} or {@code 1h}; throws
     * {@link IllegalArgumentException} for anything else or outside 1 s to 24 h.
     */
    static Duration parseWindow(final String text) {
        final Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        final long n = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "s" : m.group(2);
        final Duration window = switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (window.compareTo(StatsSettings.MIN_WINDOW) < 0
                || window.compareTo(StatsSettings.MAX_WINDOW) > 0) {
            throw new IllegalArgumentException(text);
        }
        return window;
    }
}
