package io.sftstream.topology.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.serdes.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One record of the stats topic: what every instance of the app did in one window, combined.
 * Key: the window start as an ISO-8601 UTC string; value: UTF-8 JSON, keys in this order, every
 * reason present (0 when none):
 *
 * <pre>{"window_start":"2026-05-04T10:15:00Z","window_end":"2026-05-04T10:16:00Z",
 * "records":1200,"accepted":1140,"rejected":60,"rejection_rate":0.05,
 * "rejected_by_reason":{"EMPTY_RECORD":6,...,"PROCESSING_ERROR":0},
 * "tokens":98765,"trained_tokens":34567,"carried_over":0}</pre>
 *
 * <p>{@code records = accepted + rejected}; {@code rejection_rate = rejected / records} rounded
 * to six decimals (0 for an empty window); {@code carried_over} counts records of this window
 * that were processed in an earlier one whose record had already been published (after a
 * rebalance or a crash): they are counted here, once, instead.
 *
 * @param start            window start, inclusive
 * @param end              window end, exclusive
 * @param accepted         records that became training records
 * @param rejectedByReason rejected records per reason
 * @param tokens           tokens of the accepted records
 * @param trainedTokens    trained tokens of the accepted records
 * @param carriedOver      records carried over from earlier windows
 */
public record StatsWindow(Instant start, Instant end, long accepted,
                          Map<Reason, Long> rejectedByReason, long tokens, long trainedTokens,
                          long carriedOver) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public StatsWindow {
        final EnumMap<Reason, Long> all = new EnumMap<>(Reason.class);
        for (final Reason reason : Reason.values()) {
            all.put(reason, rejectedByReason.getOrDefault(reason, 0L));
        }
        rejectedByReason = Collections.unmodifiableMap(all);
    }

    /** The window holding {@code counts}. */
    public static StatsWindow of(final long startMs, final long endMs, final StatsCounts counts) {
        final EnumMap<Reason, Long> reasons = new EnumMap<>(Reason.class);
        for (final Reason reason : Reason.values()) {
            reasons.put(reason, counts.rejected(reason));
        }
        return new StatsWindow(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs),
                counts.accepted(), reasons, counts.tokens(), counts.trainedTokens(),
                counts.carriedOver());
    }

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long records() {
        return accepted + rejected();
    }

    /** Rejected / records, rounded to six decimals; 0 when the window is empty. */
    public double rejectionRate() {
        final long records = records();
        return records == 0 ? 0.0 : Math.round(rejected() * 1e6 / records) / 1e6;
    }

    public long rejected(final Reason reason) {
        return rejectedByReason.get(reason);
    }

    /** The record key: the window start, ISO-8601 UTC. */
    public String key() {
        return start.toString();
    }

    /** The JSON value described in the class comment. */
    public byte[] toJson() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("window_start", start.toString());
            out.writeStringField("window_end", end.toString());
            out.writeNumberField("records", records());
            out.writeNumberField("accepted", accepted);
            out.writeNumberField("rejected", rejected());
            out.writeNumberField("rejection_rate", rejectionRate());
            out.writeObjectFieldStart("rejected_by_reason");
            for (final Map.Entry<Reason, Long> e : rejectedByReason.entrySet()) {
                out.writeNumberField(e.getKey().name(), e.getValue());
            }
            out.writeEndObject();
            out.writeNumberField("tokens", tokens);
            out.writeNumberField("trained_tokens", trainedTokens);
            out.writeNumberField("carried_over", carriedOver);
            out.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a value written by {@link #toJson}. Reasons this version does not know are added to
     * {@code PROCESSING_ERROR}; throws {@link IllegalArgumentException} on anything else.
     */
    public static StatsWindow fromJson(final byte[] json) {
        final JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new IllegalArgumentException("a stats record is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.path("window_start").isTextual()
                || !node.path("window_end").isTextual()
                || !node.path("rejected_by_reason").isObject()) {
            throw new IllegalArgumentException("not a stats record: " + node);
        }
        final EnumMap<Reason, Long> reasons = new EnumMap<>(Reason.class);
        node.get("rejected_by_reason").fields().forEachRemaining(e -> reasons.merge(
                reasonOf(e.getKey()), e.getValue().asLong(), Long::sum));
        try {
            return new StatsWindow(Instant.parse(node.get("window_start").asText()),
                    Instant.parse(node.get("window_end").asText()),
                    node.path("accepted").asLong(), reasons, node.path("tokens").asLong(),
                    node.path("trained_tokens").asLong(), node.path("carried_over").asLong());
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException("a stats record has a bad window bound: "
                    + e.getMessage());
        }
    }

    private static Reason reasonOf(final String name) {
        try {
            return Reason.valueOf(name);
        } catch (final IllegalArgumentException unknown) {
            return Reason.PROCESSING_ERROR;
        }
    }
}
