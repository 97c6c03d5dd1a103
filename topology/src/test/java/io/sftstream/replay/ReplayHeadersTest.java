package io.sftstream.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ReplayHeadersTest {

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> list(final Headers headers) {
        final List<String> out = new ArrayList<>();
        for (final Header h : headers) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static ConsumerRecord<byte[], byte[]> record(final long timestamp,
                                                         final Headers headers) {
        return new ConsumerRecord<>("dlq", 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 0,
                utf8("k"), utf8("v"), headers, Optional.empty());
    }

    @Test
    void shouldDropEveryErrorHeaderAndCountTheReplay() {
        final Headers dead = new RecordHeaders()
                .add("a", utf8("1"))
                .add("sftstream.error.reason", utf8("TOO_LONG"))
                .add("sftstream.error.message", utf8("too long"))
                .add("sftstream.error.future", utf8("x"))
                .add("__streams.errors.topic", utf8("raw"))
                .add("__streams.errors.stacktrace", utf8("trace"))
                .add("sftstream.replay.count", utf8("2"))
                .add("sftstream.tokenizer", utf8("kept"))
                .add("a", utf8("2"));
        assertEquals(2, ReplayHeaders.count(dead));
        assertEquals("TOO_LONG", ReplayHeaders.reason(dead));
        assertEquals(List.of("a=1", "sftstream.tokenizer=kept", "a=2",
                "sftstream.replay.count=3"), list(ReplayHeaders.forReplay(dead, 2)));
        assertEquals(List.of("sftstream.replay.count=1"),
                list(ReplayHeaders.forReplay(new RecordHeaders(), 0)));
        assertEquals(0, ReplayHeaders.count(new RecordHeaders()
                .add("sftstream.replay.count", utf8("many"))));
    }

    @Test
    void shouldSelectByReasonTimeAndReplayCount() {
        final ReplaySelection selection = new ReplaySelection(Set.of("TOO_LONG"),
                Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), 3);
        final Headers tooLong = new RecordHeaders().add("sftstream.error.reason",
                utf8("TOO_LONG"));
        assertEquals(ReplaySelection.Verdict.REPLAY, selection.judge(record(1_000, tooLong)));
        assertEquals(ReplaySelection.Verdict.REPLAY, selection.judge(record(1_999, tooLong)));
        assertEquals(ReplaySelection.Verdict.NOT_SELECTED,
                selection.judge(record(999, tooLong)));
        assertEquals(ReplaySelection.Verdict.NOT_SELECTED,
                selection.judge(record(2_000, tooLong)));
        assertEquals(ReplaySelection.Verdict.NOT_SELECTED, selection.judge(record(1_500,
                new RecordHeaders().add("sftstream.error.reason", utf8("INVALID_JSON")))));
        assertEquals(ReplaySelection.Verdict.NOT_SELECTED,
                selection.judge(record(1_500, new RecordHeaders())));
        final Headers twice = new RecordHeaders().add("sftstream.error.reason", utf8("TOO_LONG"))
                .add("sftstream.replay.count", utf8("2"));
        assertEquals(ReplaySelection.Verdict.REPLAY, selection.judge(record(1_500, twice)));
        twice.add("sftstream.replay.count", utf8("3"));
        assertEquals(ReplaySelection.Verdict.HELD_BACK, selection.judge(record(1_500, twice)));
        assertEquals(ReplaySelection.Verdict.REPLAY, new ReplaySelection(Set.of(), null, null, 3)
                .judge(record(5, new RecordHeaders())));
    }
}
