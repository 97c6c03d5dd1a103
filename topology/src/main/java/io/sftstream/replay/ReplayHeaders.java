package io.sftstream.replay;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a replayed record: the dead letter's headers minus every
 * {@code sftstream.error.*} and {@code __streams.errors.*} header, plus
 * {@code sftstream.replay.count} (a decimal string: the previous count + 1, or 1).
 */
public final class ReplayHeaders {

    /** How often a record has been replayed (decimal string). */
    public static final String REPLAY_COUNT = "sftstream.replay.count";
    /** The reason code a dead letter was rejected for. */
    public static final String REASON = "sftstream.error.reason";

    private static final String SFTSTREAM_ERRORS = "sftstream.error.";
    private static final String STREAMS_ERRORS = "__streams.errors.";

    private ReplayHeaders() {
    }

    /**
     * The replay count a record carries: the last {@code sftstream.replay.count} header as a
     * whole number, 0 when there is none (or when it is not a whole number from 0).
     */
    public static int count(final Headers headers) {
        final Header last = headers.lastHeader(REPLAY_COUNT);
        if (last == null || last.value() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(last.value(),
                    StandardCharsets.UTF_8).trim()));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /** The dead letter's reason code, or null when it has none. */
    public static String reason(final Headers headers) {
        final Header last = headers.lastHeader(REASON);
        return last == null || last.value() == null ? null
                : new String(last.value(), StandardCharsets.UTF_8);
    }

    /** The headers to produce: {@code original} without the error headers, with the count. */
    public static Headers forReplay(final Headers original, final int previousCount) {
        final Headers out = new RecordHeaders();
        for (final Header h : original) {
            if (!h.key().startsWith(SFTSTREAM_ERRORS) && !h.key().startsWith(STREAMS_ERRORS)
                    && !h.key().equals(REPLAY_COUNT)) {
                out.add(h);
            }
        }
        out.add(REPLAY_COUNT, Integer.toString(previousCount + 1)
                .getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
