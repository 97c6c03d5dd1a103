package io.sftstream.replay;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays dead letters into the input topic, exactly once: it reads the DLQ
 * {@code read_committed} from the group's committed offsets (the beginning when there are none)
 * up to the end offsets it saw at the start, and in each transaction produces the selected
 * records and commits the consumer offsets with {@code sendOffsetsToTransaction}. A replay killed
 * at any point leaves an open transaction that the next one aborts (same
 * {@code transactional.id}, {@code <group>-tx}): started again, it neither repeats nor skips a
 * record. A dry run reads the same records and produces and commits nothing.
 *
 * <p>Kafka properties: {@code consumer.}- and {@code producer.}-prefixed keys go to that client
 * only, keys without a prefix to both, like Kafka Streams' own prefixes.
 */
public final class ReplayEngine {

    /** How long to wait for the cluster before giving up with a sentence. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final ReplaySettings settings;
    private final PrintWriter out;

    public ReplayEngine(final ReplaySettings settings, final PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs the replay; throws {@link ReplayException} with a sentence when it cannot. */
    public ReplaySummary run() {
        checkTopics();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (settings.dryRun()) {
                return replay(consumer, null, partitions, end);
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                return replay(consumer, producer, partitions, end);
            }
        }
    }

    private ReplaySummary replay(final KafkaConsumer<byte[], byte[]> consumer,
                                 final KafkaProducer<byte[], byte[]> producer,
                                 final List<TopicPartition> partitions,
                                 final Map<TopicPartition, Long> end) {
        seekToCommitted(consumer, partitions);
        final ReplaySummary summary = new ReplaySummary();
        while (!atEnd(consumer, partitions, end)) {
            final ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
            if (batch.isEmpty()) {
                continue;
            }
            if (producer != null) {
                producer.beginTransaction();
            }
            final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (final TopicPartition tp : batch.partitions()) {
                long next = consumer.position(tp);
                for (final ConsumerRecord<byte[], byte[]> record : batch.records(tp)) {
                    if (record.offset() >= end.get(tp)) {
                        // Arrived after the start: left for the next replay.
                        next = Math.min(next, record.offset());
                    } else {
                        handle(record, producer, summary);
                    }
                }
                offsets.put(tp, new OffsetAndMetadata(next));
                if (next >= end.get(tp)) {
                    consumer.pause(List.of(tp));
                }
            }
            if (producer != null) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        return summary;
    }

    private void handle(final ConsumerRecord<byte[], byte[]> record,
                        final KafkaProducer<byte[], byte[]> producer,
                        final ReplaySummary summary) {
        final String reason = ReplayHeaders.reason(record.headers());
        switch (settings.selection().judge(record)) {
            case REPLAY -> {
                if (producer != null) {
                    producer.send(new ProducerRecord<>(settings.toTopic(), null,
                            record.timestamp(), record.key(), record.value(),
                            ReplayHeaders.forReplay(record.headers(),
                                    ReplayHeaders.count(record.headers()))));
                }
                summary.replayed(reason);
            }
            case HELD_BACK -> {
                summary.heldBack(reason);
                out.printf("held back (replayed %d times): %s-%d@%d %s key=%s%n",
                        ReplayHeaders.count(record.headers()), record.topic(),
                        record.partition(), record.offset(),
                        reason == null ? ReplaySummary.NO_REASON : reason, key(record.key()));
            }
            case NOT_SELECTED -> summary.skipped();
            default -> throw new IllegalStateException("unknown verdict");
        }
    }

    private static String key(final byte[] key) {
        return key == null ? "null" : new String(key, StandardCharsets.UTF_8);
    }

    /** Positions every partition at the group's committed offset, or at the beginning. */
    private void seekToCommitted(final KafkaConsumer<byte[], byte[]> consumer,
                                 final List<TopicPartition> partitions) {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(Set.copyOf(partitions));
        final List<TopicPartition> fresh = new ArrayList<>();
        for (final TopicPartition tp : partitions) {
            final OffsetAndMetadata at = committed.get(tp);
            if (at == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, at.offset());
            }
        }
        if (!fresh.isEmpty()) {
            // An empty list would mean every assigned partition.
            consumer.seekToBeginning(fresh);
        }
    }

    private static boolean atEnd(final KafkaConsumer<byte[], byte[]> consumer,
                                 final List<TopicPartition> partitions,
                                 final Map<TopicPartition, Long> end) {
        for (final TopicPartition tp : partitions) {
            if (!consumer.paused().contains(tp) && consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(final KafkaConsumer<byte[], byte[]> consumer) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final PartitionInfo info : consumer.partitionsFor(settings.dlqTopic(),
                CONNECT_TIMEOUT)) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }

    /** Both topics exist, or a sentence naming the missing one or the unreachable cluster. */
    private void checkTopics() {
        final Properties props = clientProps("admin.");
        try (Admin admin = Admin.create(props)) {
            final Set<String> existing = admin.listTopics().names()
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!existing.contains(settings.dlqTopic())) {
                throw new ReplayException("the DLQ topic '" + settings.dlqTopic()
                        + "' (--dlq-topic) does not exist on " + settings.bootstrapServers()
                        + "; give the app's --dlq-topic");
            }
            if (!existing.contains(settings.toTopic())) {
                throw new ReplayException("the topic to replay into, '" + settings.toTopic()
                        + "' (--to-topic), does not exist on " + settings.bootstrapServers()
                        + "; give the app's input topic");
            }
        } catch (final TimeoutException e) {
            throw new ReplayException("cannot reach Kafka at " + settings.bootstrapServers()
                    + " within " + CONNECT_TIMEOUT.toSeconds() + " s; check --bootstrap-servers "
                    + "and the security settings (KAFKA_* variables, --kafka, --kafka-config)");
        } catch (final ExecutionException e) {
            throw new ReplayException("cannot list the topics on " + settings.bootstrapServers()
                    + ": " + e.getCause().getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while checking the topics");
        }
    }

    /** The overrides without client prefixes, plus those of {@code prefix}, stripped. */
    private Properties clientProps(final String prefix) {
        final Properties props = new Properties();
        settings.kafka().forEach((key, value) -> {
            if (!key.startsWith("consumer.") && !key.startsWith("producer.")
                    && !key.startsWith("admin.") && !key.startsWith("main.consumer.")
                    && !key.startsWith("restore.consumer.")
                    && !key.startsWith("global.consumer.")) {
                props.put(key, value);
            }
        });
        settings.kafka().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                props.put(key.substring(prefix.length()), value);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return props;
    }

    private Properties consumerProps() {
        final Properties props = clientProps("consumer.");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
        return props;
    }

    private Properties producerProps() {
        final Properties props = clientProps("producer.");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.group() + "-tx");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }
}
