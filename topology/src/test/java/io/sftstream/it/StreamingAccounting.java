package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.sample.SampleRecords;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces generated samples with a {@code seq} header, remembers where each landed, and checks
 * that what the app committed accounts for every one of them exactly once, with the expected
 * outcome, the original bytes and the SPEC's DLQ headers.
 */
final class StreamingAccounting {

    private final List<SampleRecords.Sample> samples;
    private final List<RecordMetadata> landed = new ArrayList<>();
    private final String inputTopic;
    private final String outputTopic;

    StreamingAccounting(final List<SampleRecords.Sample> samples, final String inputTopic,
                        final String outputTopic) {
        this.samples = samples;
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
    }

    /** Produces samples [from, to) and waits until the broker has them. */
    void produce(final String servers, final int from, final int to)
            throws ExecutionException, InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = producer(servers)) {
            produce(producer, from, to, -1);
        }
    }

    /** A producer as {@link #produce(String, int, int)} uses; the caller closes it. */
    static KafkaProducer<byte[], byte[]> producer(final String servers) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Produces samples [from, to) with {@code producer} and waits until the broker has them;
     * with {@code partitions > 0}, sample {@code i} goes to partition {@code i % partitions}.
     * Calls must come in order from one thread.
     */
    void produce(final KafkaProducer<byte[], byte[]> producer, final int from, final int to,
                 final int partitions) throws ExecutionException, InterruptedException {
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            final SampleRecords.Sample s = samples.get(i);
            final RecordHeaders headers = new RecordHeaders();
            headers.add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(new ProducerRecord<>(inputTopic,
                    partitions > 0 ? i % partitions : null, s.key(), s.value(), headers)));
        }
        for (final Future<RecordMetadata> f : sent) {
            landed.add(f.get());
        }
    }

    /** How many samples there are. */
    int size() {
        return samples.size();
    }

    static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Asserts that {@code committed} holds exactly one record per sample, each as it should be. */
    void assertExactlyOnce(final List<ConsumerRecord<byte[], byte[]>> committed) {
        assertEquals(samples.size(), committed.size(), "outputs + DLQ records = inputs");
        final Set<Integer> seen = new HashSet<>();
        final Set<String> ids = new HashSet<>();
        for (final ConsumerRecord<byte[], byte[]> r : committed) {
            final int seq = Integer.parseInt(header(r, "seq"));
            assertTrue(seen.add(seq), "record " + seq + " came out twice");
            final SampleRecords.Sample sample = samples.get(seq);
            assertArrayEquals(sample.key(), r.key());
            if (r.topic().equals(outputTopic)) {
                assertNull(sample.expectedReason(), "bad record " + seq + " was accepted");
                final TrainingRecord record = TrainingRecordSerde.decode(r.value());
                assertTrue(ids.add(record.id()), "duplicate id " + record.id());
                assertEquals("151645", header(r, SftHeaders.EOS_ID));
            } else {
                assertEquals(String.valueOf(sample.expectedReason()),
                        header(r, SftHeaders.ERROR_REASON), "record " + seq);
                assertArrayEquals(sample.value(), r.value());
                assertTrue(header(r, SftHeaders.ERROR_MESSAGE).length() > 10);
                final RecordMetadata from = landed.get(seq);
                assertEquals(inputTopic, header(r, SftHeaders.ERROR_TOPIC));
                assertEquals(Integer.toString(from.partition()),
                        header(r, SftHeaders.ERROR_PARTITION));
                assertEquals(Long.toString(from.offset()), header(r, SftHeaders.ERROR_OFFSET));
                assertEquals(from.timestamp(), r.timestamp());
            }
        }
    }
}
