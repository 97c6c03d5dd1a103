package io.sftstream.app;

import io.sftstream.topology.ConnectionFailure;
import io.sftstream.topology.stats.StatsWindow;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the stats topic from the beginning, {@code read_committed}, without a consumer group
 * commit; values that are not stats records are reported on the error writer and skipped.
 * {@link #wakeup} may be called from another thread (Ctrl-C). The caller owns it and must close
 * it; not thread-safe otherwise.
 */
final class StatsReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final PrintWriter err;

    StatsReader(final String servers, final Map<String, String> overrides, final String topic,
                final PrintWriter err) {
        this.err = err;
        final Properties props = new Properties();
        props.putAll(overrides);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sftstream-stats-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic,
                    Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new SettingsException("the stats topic '" + topic + "' does not exist on "
                        + servers + "; give the app's --stats-topic (default "
                        + "<output-topic>-stats), or start the app first");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        } catch (final TimeoutException e) {
            consumer.close(Duration.ZERO);
            throw new SettingsException("cannot reach Kafka at " + servers + " within 15 s; "
                    + "check --bootstrap-servers and the security settings (KAFKA_* variables, "
                    + "--kafka, --kafka-config)");
        } catch (final RuntimeException e) {
            consumer.close(Duration.ZERO);
            final String refused = ConnectionFailure.describe(e, servers);
            if (refused != null) {
                throw new SettingsException(refused);
            }
            throw e;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything committed up to now. */
    List<StatsWindow> readToEnd() {
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        final List<StatsWindow> windows = new ArrayList<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            windows.addAll(poll(Duration.ofMillis(200)));
        }
        return windows;
    }

    /** What arrives within {@code timeout}; throws {@code WakeupException} after a wakeup. */
    List<StatsWindow> poll(final Duration timeout) {
        final List<StatsWindow> windows = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            try {
                windows.add(StatsWindow.fromJson(record.value()));
            } catch (final IllegalArgumentException e) {
                err.printf("skipping %s-%d@%d: %s%n", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return windows;
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
