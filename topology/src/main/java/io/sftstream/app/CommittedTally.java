package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads what the app has committed to the output and DLQ topics (isolation level
 * {@code read_committed}, from the beginning) and counts it: accepted records, rejections per
 * reason, tokens, and a few sample records to show. Used by the demo. Not thread-safe.
 */
final class CommittedTally implements AutoCloseable {

    private final CommittedReader reader;
    private final String outputTopic;
    private final EnumMap<Reason, Long> rejected = new EnumMap<>(Reason.class);
    private final List<TrainingRecord> samples = new ArrayList<>();
    private final int maxSamples;
    private long accepted;
    private long tokens;

    CommittedTally(final String bootstrapServers, final Map<String, String> overrides,
                   final String outputTopic, final String dlqTopic, final int maxSamples) {
        this.reader = new CommittedReader(bootstrapServers, overrides, outputTopic, dlqTopic);
        this.outputTopic = outputTopic;
        this.maxSamples = maxSamples;
    }

    /** Reads what is available within {@code timeout}. */
    void poll(final Duration timeout) {
        for (final ConsumerRecord<byte[], byte[]> record : reader.poll(timeout)) {
            if (record.topic().equals(outputTopic)) {
                final TrainingRecord training = TrainingRecordSerde.decode(record.value());
                accepted++;
                tokens += training.numTokens();
                if (samples.size() < maxSamples) {
                    samples.add(training);
                }
            } else {
                final Header reason = record.headers().lastHeader(SftHeaders.ERROR_REASON);
                rejected.merge(reason == null ? Reason.PROCESSING_ERROR
                        : Reason.valueOf(new String(reason.value(), StandardCharsets.UTF_8)),
                        1L, Long::sum);
            }
        }
    }

    long accepted() {
        return accepted;
    }

    long rejected(final Reason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    long total() {
        return accepted + rejectedTotal();
    }

    long tokens() {
        return tokens;
    }

    List<TrainingRecord> samples() {
        return samples;
    }

    @Override
    public void close() {
        reader.close();
    }
}
