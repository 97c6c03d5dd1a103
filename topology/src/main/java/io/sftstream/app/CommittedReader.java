package io.sftstream.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads everything committed to some topics (the output and DLQ topics, mostly), from the
 * beginning, like a training job would: {@code read_committed}, no consumer offsets committed,
 * every partition assigned. The one such reader of the demo, the tests and the benchmark. Not
 * thread-safe; the caller closes it.
 */
public final class CommittedReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    /** A reader of {@code topics} on {@code servers} with no other client settings. */
    public CommittedReader(final String servers, final String... topics) {
        this(servers, Map.of(), topics);
    }

    /**
     * A reader of {@code topics}.
     *
     * @param overrides Kafka client properties (security, tuning), as the app was given them
     */
    public CommittedReader(final String servers, final Map<String, String> overrides,
                           final String... topics) {
        final Properties props = new Properties();
        props.putAll(overrides);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sftstream-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(props);
        for (final String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(
                    new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The records that arrive within {@code timeout}; not kept. */
    public List<ConsumerRecord<byte[], byte[]>> poll(final Duration timeout) {
        final List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>();
        consumer.poll(timeout).forEach(polled::add);
        return polled;
    }

    /** Polls until at least {@code count} records were read or the timeout passes. */
    public List<ConsumerRecord<byte[], byte[]>> pollUntil(final int count,
                                                         final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Keeps polling for a while, to catch records beyond the expected count. */
    public List<ConsumerRecord<byte[], byte[]>> drain(final Duration quiet) {
        final long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /**
     * Polls until every partition is read up to the end offset it had when this call began, or
     * the timeout passes.
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(final Duration timeout) {
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** How many records the collecting calls have read. */
    public int size() {
        return records.size();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
