package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.topology.stats.StatsWindow;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;

/**
 * The table {@code sftstream stats} prints: one row per window (start in UTC, records,
 * accepted, rejected, rejection rate, one column per reason, tokens). A rejection rate above the
 * threshold is marked with {@code !} and, on a terminal, shown in bold red. Not thread-safe.
 */
final class StatsTable {

    /** Short column headers, in the order of {@link Reason}. */
    static final Map<Reason, String> COLUMNS = new EnumMap<>(Map.ofEntries(
            Map.entry(Reason.EMPTY_RECORD, "EMPTY"),
            Map.entry(Reason.RECORD_TOO_LARGE, "LARGE"),
            Map.entry(Reason.INVALID_JSON, "JSON"),
            Map.entry(Reason.UNKNOWN_FORMAT, "FORMAT"),
            Map.entry(Reason.MISSING_FIELD, "MISSING"),
            Map.entry(Reason.WRONG_TYPE, "TYPE"),
            Map.entry(Reason.EMPTY_TEXT, "TEXT"),
            Map.entry(Reason.BAD_CONVERSATION, "CONV"),
            Map.entry(Reason.SPECIAL_TOKEN_IN_TEXT, "SPECIAL"),
            Map.entry(Reason.TOO_LONG, "LONG"),
            Map.entry(Reason.PROCESSING_ERROR, "ERROR")));

    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String BOLD_RED = "\u001B[1;31m";
    private static final String RESET = "\u001B[0m";

    private final PrintWriter out;
    private final double threshold;
    private final boolean color;

    /**
     * @param out       where to print
     * @param threshold rejection rate (a fraction, 0.05 = 5%) above which a row is highlighted
     * @param color     highlight with ANSI colours too (on a terminal)
     */
    StatsTable(final PrintWriter out, final double threshold, final boolean color) {
        this.out = out;
        this.threshold = threshold;
        this.color = color;
    }

    void header() {
        final StringBuilder legend = new StringBuilder("reason columns:");
        COLUMNS.forEach((reason, column) -> legend.append(' ').append(column).append('=')
                .append(reason.name()));
        out.println(legend);
        out.printf("rejection rate above %.2f%% is marked with !%n", threshold * 100);
        final StringBuilder head = new StringBuilder(String.format("%-19s %9s %9s %9s %9s",
                "window start (UTC)", "records", "accepted", "rejected", "rate"));
        COLUMNS.values().forEach(column -> head.append(String.format(" %7s", column)));
        head.append(String.format(" %12s", "tokens"));
        out.println(head);
        out.flush();
    }

    void row(final StatsWindow window) {
        final boolean high = window.rejectionRate() > threshold;
        final String rate = String.format("%7.2f%%%s", window.rejectionRate() * 100,
                high ? "!" : " ");
        final StringBuilder row = new StringBuilder(String.format("%-19s %9d %9d %9d ",
                TIME.format(window.start()), window.records(), window.accepted(),
                window.rejected()));
        row.append(high && color ? BOLD_RED + rate + RESET : rate);
        COLUMNS.keySet().forEach(reason -> row.append(String.format(" %7d",
                window.rejected(reason))));
        row.append(String.format(" %12d", window.tokens()));
        out.println(row);
        out.flush();
    }
}
