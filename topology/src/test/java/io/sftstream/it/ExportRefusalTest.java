package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.app.Main;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.TrainingRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code sftstream export} refuses, in one sentence with exit status 2: records of another
 * tokenizer in one run or in one directory (unless {@code --allow-mixed}); and its JSON-lines
 * shards, gzip-compressed, read back.
 */
class ExportRefusalTest {

    static final String TOPIC = "export-mixed";
    static final String OTHER_TOKENIZER = "0".repeat(64);

    private static EmbeddedKafkaBroker broker;
    private static final List<TrainingRecord> PARTITION_0 = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0);
        broker.createTopics(2, TOPIC);
        final Random random = new Random(3);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                final TrainingRecord record = TrainingRecordsOnTopic.record(random, "a-" + i);
                PARTITION_0.add(record);
                producer.send(new ProducerRecord<>(TOPIC, 0, (byte[]) null,
                        OutputFormat.BINARY.write(record),
                        TrainingRecordsOnTopic.headers(TrainingRecordsOnTopic.TOKENIZER)));
                producer.send(new ProducerRecord<>(TOPIC, 1, (byte[]) null, OutputFormat.JSON.write(
                        TrainingRecordsOnTopic.record(random, "b-" + i)),
                        TrainingRecordsOnTopic.headers(i < 5 ? TrainingRecordsOnTopic.TOKENIZER
                                : OTHER_TOKENIZER)));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Result export(final Path dir, final String... extra) {
        final List<String> args = new ArrayList<>(List.of("export", "--bootstrap-servers",
                broker.bootstrapServers(), "--output-topic", TOPIC, "--output-dir",
                dir.toString()));
        args.addAll(List.of(extra));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        return new Result(status, out.toString(), err.toString());
    }

    record Result(int status, String out, String err) {
    }

    @Test
    void shouldRefuseTwoTokenizersInOneRunUnlessAllowed(@TempDir final Path dir) {
        final Result refused = export(dir.resolve("one"), "--partitions", "1");
        assertEquals(2, refused.status(), refused.err());
        assertTrue(refused.err().startsWith("sftstream: the record at partition 1 offset 5 "
                + "was made with tokenizer " + OTHER_TOKENIZER), refused.err());
        assertTrue(refused.err().contains("--allow-mixed"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), "one sentence: " + refused.err());

        final Result allowed = export(dir.resolve("two"), "--partitions", "1", "--allow-mixed");
        assertEquals(0, allowed.status(), allowed.err());
        assertTrue(allowed.out().startsWith("Exported 10 records into 1 shards"), allowed.out());
    }

    @Test
    void shouldRefuseAnotherTokenizerInADirectoryOfShards(@TempDir final Path dir)
            throws Exception {
        final Result first = export(dir, "--partitions", "0", "--format", "jsonl", "--gzip");
        assertEquals(0, first.status(), first.err());
        final Path shard = dir.resolve("part-00000-00000000000000000000-00000000000000000009"
                + ".jsonl.gz");
        assertTrue(Files.exists(shard), first.out());
        final ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(shard)), StandardCharsets.UTF_8))) {
            int offset = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                final JsonNode row = json.readTree(line);
                final TrainingRecord expected = PARTITION_0.get(offset);
                assertEquals(expected.id(), row.get("id").asText());
                assertArrayEquals(expected.inputIds(), json.treeToValue(row.get("input_ids"),
                        int[].class));
                assertArrayEquals(expected.labels(), json.treeToValue(row.get("labels"),
                        int[].class));
                assertEquals(expected.numTrainedTokens(), row.get("num_trained_tokens").asInt());
                assertEquals(expected.truncated(), row.get("truncated").asBoolean());
                assertEquals(TrainingRecordsOnTopic.TOKENIZER,
                        row.get("tokenizer_sha256").asText());
                assertTrue(row.get("chat_template_sha256").isNull());
                assertEquals(offset, row.get("source_offset").asLong());
                assertFalse(row.has("attention_mask"));
                offset++;
            }
            assertEquals(10, offset);
        }

        final Result again = export(dir, "--partitions", "0", "--format", "jsonl", "--gzip");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().startsWith("Exported 0 records"), again.out());

        final Result other = export(dir, "--partitions", "1", "--format", "jsonl", "--gzip");
        assertEquals(2, other.status(), other.err());
        assertTrue(other.err().contains("offset 5 was made with tokenizer " + OTHER_TOKENIZER),
                other.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .count(), "the first shard and the manifest only");
        }

        final Result parquet = export(dir, "--partitions", "0");
        assertEquals(2, parquet.status(), parquet.err());
        assertTrue(parquet.err().contains("holds .jsonl.gz shards"), parquet.err());

        final Result badFlag = export(dir, "--shard-max-age", "soon");
        assertEquals(2, badFlag.status());
        assertEquals("sftstream: --shard-max-age has the value 'soon', which is not allowed; "
                + "allowed: whole seconds from 1s to 24h, as seconds (60) or with a unit "
                + "(60s, 5m, 1h)", badFlag.err().strip());
    }
}
