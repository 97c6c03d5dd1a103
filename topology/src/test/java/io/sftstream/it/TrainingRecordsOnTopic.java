package io.sftstream.it;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces valid training-record values with the output headers, in transactions (some
 * aborted), JSON and binary values mixed, the way a running app leaves its output topic.
 */
final class TrainingRecordsOnTopic {

    static final String TOKENIZER = "5f1c3a0d9e2b7c4a1f0e8d6c5b4a3928"
            + "1706f5e4d3c2b1a09f8e7d6c5b4a3921";
    static final String TEMPLATE = "chatml";
    static final int EOS = 151_645;

    private TrainingRecordsOnTopic() {
    }

    /** A record of 20-80 tokens whose first ones are masked. */
    static TrainingRecord record(final Random random, final String id) {
        final int n = 20 + random.nextInt(61);
        final int prompt = 1 + random.nextInt(n - 1);
        final int[] ids = new int[n];
        final int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(151_000);
            labels[i] = i < prompt ? TrainingRecord.IGNORE_INDEX : ids[i];
        }
        return new TrainingRecord(id, ids, labels, n - prompt, random.nextInt(10) == 0);
    }

    static RecordHeaders headers(final String tokenizer) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(SftHeaders.TOKENIZER, tokenizer.getBytes(StandardCharsets.UTF_8));
        headers.add(SftHeaders.TEMPLATE, TEMPLATE.getBytes(StandardCharsets.UTF_8));
        headers.add(SftHeaders.EOS_ID, Integer.toString(EOS).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /**
     * Produces {@code committed} records over the partitions round-robin, in transactions of
     * {@code perTransaction}, plus one aborted transaction of {@code perTransaction} records
     * after every {@code abortEvery} committed ones; returns the committed records by id.
     */
    static List<TrainingRecord> produce(final String servers, final String topic,
                                        final int partitions, final int committed,
                                        final int perTransaction, final int abortEvery,
                                        final long seed) {
        final Random random = new Random(seed);
        final List<TrainingRecord> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "records-" + topic,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            int i = 0;
            int aborted = 0;
            while (i < committed) {
                final boolean abort = i > 0 && i % abortEvery == 0 && aborted * abortEvery < i;
                producer.beginTransaction();
                final int count = abort ? perTransaction : Math.min(perTransaction,
                        committed - i);
                for (int k = 0; k < count; k++) {
                    final int n = abort ? -1 - aborted * perTransaction - k : i + k;
                    final TrainingRecord record = record(random, (abort ? "aborted-" : "r-")
                            + Math.abs(n));
                    final OutputFormat format = random.nextBoolean() ? OutputFormat.JSON
                            : OutputFormat.BINARY;
                    producer.send(new ProducerRecord<>(topic, Math.floorMod(n, partitions),
                            record.id().getBytes(StandardCharsets.UTF_8), format.write(record),
                            headers(TOKENIZER)));
                    if (!abort) {
                        sent.add(record);
                    }
                }
                if (abort) {
                    producer.flush();
                    producer.abortTransaction();
                    aborted++;
                } else {
                    producer.commitTransaction();
                    i += count;
                }
            }
        }
        return sent;
    }
}
