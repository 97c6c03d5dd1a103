package io.sftstream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    private static final String TOPIC = "records";
    private static final int PARTITIONS = 4;
    private static final int COMMITTED = 100;
    private static final int ABORTED = 10;

    private EmbeddedKafkaBroker broker;

    @BeforeEach
    void startBroker() {
        broker = EmbeddedKafkaBroker.start(0);
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void shouldDeliverExactlyTheCommittedTransactionToReadCommittedConsumer() {
        broker.createTopics(PARTITIONS, TOPIC);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < COMMITTED; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < ABORTED; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
        }

        final List<ConsumerRecord<String, String>> records = readAll();
        final List<String> expected = IntStream.range(0, COMMITTED)
                .mapToObj(i -> "value-" + i)
                .sorted()
                .toList();
        assertEquals(expected, records.stream().map(ConsumerRecord::value).sorted().toList());
        assertEquals(PARTITIONS, records.stream().map(ConsumerRecord::partition)
                .collect(Collectors.toSet()).size(), "records spread over every partition");
    }

    @Test
    void shouldKeepTopicsAndRecordsAcrossARestartOnTheSamePort() throws Exception {
        broker.createTopics(PARTITIONS, TOPIC);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < COMMITTED; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i));
            }
            producer.commitTransaction();
        }
        final String servers = broker.bootstrapServers();
        broker.restart(Duration.ofMillis(500));
        assertEquals(servers, broker.bootstrapServers());
        assertEquals(COMMITTED, readAll().size(), "records kept across the restart");
        final Path logDir = broker.logDir();
        broker.close();
        assertFalse(Files.exists(logDir), "log dir deleted on close after a restart");
    }

    @Test
    void shouldFailOnBusyPortAndDeleteLogDirOnClose() throws Exception {
        final IllegalStateException busy = assertThrows(IllegalStateException.class,
                () -> EmbeddedKafkaBroker.start(broker.port()));
        assertEquals("Port " + broker.port() + " on 127.0.0.1 is already in use; stop what is"
                + " listening there or pass another port with --port (0 picks a free one).",
                busy.getMessage());

        final Path logDir = broker.logDir();
        assertTrue(Files.isDirectory(logDir));
        broker.close();
        assertFalse(Files.exists(logDir), "log dir deleted on close");
        broker.close();
    }

    private List<ConsumerRecord<String, String>> readAll() {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
            final List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC);
            assertEquals(PARTITIONS, partitions.size());
            final List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            final long deadline = System.currentTimeMillis() + 15_000;
            while (records.size() < COMMITTED && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            // one more poll: anything beyond the committed records (an aborted one) shows up here
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }
}
