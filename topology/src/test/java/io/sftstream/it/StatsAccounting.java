package io.sftstream.it;

import io.sftstream.app.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import io.sftstream.topology.stats.StatsWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the stats topic and checks that its windows add up, exactly, to what the app committed
 * to the output and DLQ topics: records, accepted, rejected per reason, tokens, trained tokens;
 * each window once, aligned, in order.
 */
final class StatsAccounting {

    private StatsAccounting() {
    }

    /** Polls the stats topic until its windows hold {@code records} records, then a bit more. */
    static List<StatsWindow> read(final String servers, final String statsTopic,
                                  final long records, final Duration timeout) {
        try (CommittedReader reader = new CommittedReader(servers, statsTopic)) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            List<StatsWindow> windows = List.of();
            while (System.nanoTime() < deadline) {
                windows = parse(reader.drain(Duration.ofMillis(500)));
                if (windows.stream().mapToLong(StatsWindow::records).sum() >= records) {
                    break;
                }
            }
            // Anything beyond the expected count would show up now.
            return parse(reader.drain(Duration.ofSeconds(3)));
        }
    }

    private static List<StatsWindow> parse(final List<ConsumerRecord<byte[], byte[]>> records) {
        final List<StatsWindow> windows = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            final StatsWindow window = StatsWindow.fromJson(r.value());
            assertEquals(window.key(), new String(r.key(), StandardCharsets.UTF_8));
            assertEquals(0, r.partition(), "every window goes to partition 0");
            windows.add(window);
        }
        return windows;
    }

    /** Asserts that {@code windows} add up to {@code committed} (outputs and dead letters). */
    static void assertAddsUp(final List<StatsWindow> windows, final Duration length,
                             final List<ConsumerRecord<byte[], byte[]>> committed,
                             final String outputTopic) {
        final CommittedTotals totals = CommittedTotals.of(committed, outputTopic);
        final Set<String> seen = new HashSet<>();
        long previousStart = Long.MIN_VALUE;
        final EnumMap<Reason, Long> windowRejected = new EnumMap<>(Reason.class);
        long windowAccepted = 0;
        long windowTokens = 0;
        long windowTrained = 0;
        for (final StatsWindow w : windows) {
            assertTrue(seen.add(w.key()), "window " + w.key() + " was published twice");
            assertTrue(w.start().toEpochMilli() > previousStart, "windows in order");
            previousStart = w.start().toEpochMilli();
            assertEquals(0, w.start().toEpochMilli() % length.toMillis(), "aligned window");
            assertEquals(length.toMillis(), w.end().toEpochMilli() - w.start().toEpochMilli());
            windowAccepted += w.accepted();
            windowTokens += w.tokens();
            windowTrained += w.trainedTokens();
            w.rejectedByReason().forEach((reason, n) -> {
                if (n != 0) {
                    windowRejected.merge(reason, n, Long::sum);
                }
            });
        }
        assertEquals(committed.size(), windows.stream().mapToLong(StatsWindow::records).sum(),
                "stats windows add up to the inputs");
        assertEquals(totals.accepted(), windowAccepted, "accepted");
        assertEquals(totals.rejected(), windowRejected, "rejected per reason");
        assertEquals(totals.tokens(), windowTokens, "tokens");
        assertEquals(totals.trainedTokens(), windowTrained, "trained tokens");
    }

    /** What a reader of the output and DLQ topics counts. */
    record CommittedTotals(long accepted, long tokens, long trainedTokens,
                           EnumMap<Reason, Long> rejected) {

        static CommittedTotals of(final List<ConsumerRecord<byte[], byte[]>> committed,
                                  final String outputTopic) {
            long accepted = 0;
            long tokens = 0;
            long trained = 0;
            final EnumMap<Reason, Long> rejected = new EnumMap<>(Reason.class);
            for (final ConsumerRecord<byte[], byte[]> r : committed) {
                if (r.topic().equals(outputTopic)) {
                    final TrainingRecord record = TrainingRecordSerde.decode(r.value());
                    accepted++;
                    tokens += record.numTokens();
                    trained += record.numTrainedTokens();
                } else {
                    rejected.merge(Reason.valueOf(new String(r.headers()
                            .lastHeader(SftHeaders.ERROR_REASON).value(),
                            StandardCharsets.UTF_8)), 1L, Long::sum);
                }
            }
            return new CommittedTotals(accepted, tokens, trained, rejected);
        }
    }
}
