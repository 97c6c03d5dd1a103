package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.app.CommittedReader;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.export.ShardName;
import io.sftstream.serdes.SftHeaders;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sftstream export} against a real (in-process) broker: 20,000 committed training records
 * over 4 partitions, written in transactions with aborted ones in between, exported by a
 * separate JVM that is SIGKILLed three times and restarted. Every committed record must be in
 * exactly one shard, and DuckDB, an independent Parquet reader, must read every field back
 * equal to the topic's record.
 */
class ExportIntegrationTest {

    static final String TOPIC = "export-tokens";
    static final int PARTITIONS = 4;
    static final int RECORDS = 20_000;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        // Logs each first send after an aborted transaction at ERROR, though its retry succeeds.
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        broker = EmbeddedKafkaBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** The topic as a read_committed consumer sees it: partition-offset to record. */
    private static Map<String, ConsumerRecord<byte[], byte[]>> committed(final String topic,
                                                                         final int count) {
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(), topic)) {
            final List<ConsumerRecord<byte[], byte[]>> read =
                    reader.pollUntil(count, Duration.ofSeconds(60));
            assertEquals(count, read.size(), "committed records on " + topic);
            final Map<String, ConsumerRecord<byte[], byte[]>> byPosition = new HashMap<>();
            read.forEach(r -> byPosition.put(r.partition() + ":" + r.offset(), r));
            return byPosition;
        }
    }

    @Test
    void shouldExportEveryCommittedRecordOnceAcrossKills(@TempDir final Path dir)
            throws Exception {
        broker.createTopics(PARTITIONS, TOPIC);
        final List<TrainingRecord> sent = TrainingRecordsOnTopic.produce(
                broker.bootstrapServers(), TOPIC, PARTITIONS, RECORDS, 500, 5_000, 7);
        assertEquals(RECORDS, sent.size());
        final Map<String, ConsumerRecord<byte[], byte[]>> topic = committed(TOPIC, RECORDS);
        assertTrue(topic.values().stream().noneMatch(r -> new String(r.key(),
                StandardCharsets.UTF_8).startsWith("aborted-")), "aborted records are hidden");

        final Path out = dir.resolve("shards");
        final String[] args = {"--bootstrap-servers", broker.bootstrapServers(),
            "--output-topic", TOPIC, "--output-dir", out.toString(), "--shard-records", "600",
            "--kafka", "max.poll.records=40",
            "--kafka", "interceptor.classes=" + SlowPollInterceptor.class.getName()};
        final Random random = new Random(11);
        int kills = 0;
        for (int run = 0; run < 3; run++) {
            final int before = completeShards(out);
            try (ExportProcess export = ExportProcess.start("export-kill-" + run, args)) {
                final long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while (completeShards(out) < before + 2 && export.alive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(400));
                assertTrue(export.alive(), "run " + run + " still running when killed:\n"
                        + export.log());
                assertEquals(137, export.kill(), "SIGKILL");
                kills++;
            }
        }
        assertEquals(3, kills);
        try (ExportProcess export = ExportProcess.start("export-final", args)) {
            assertEquals(0, export.await(Duration.ofSeconds(60)), export.log());
            assertTrue(export.log().contains("Exported "), export.log());
        }

        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> ShardName.isTemporary(f.getFileName().toString())),
                    "no temporary files left");
        }
        final Set<String> seen = new HashSet<>();
        int rows = 0;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT id, input_ids, labels, num_tokens, "
                     + "num_trained_tokens, truncated, tokenizer_sha256, template, eos_id, "
                     + "chat_template_sha256, source_partition, source_offset, filename, "
                     + "typeof(input_ids) AS ids_type FROM read_parquet('"
                     + out.resolve("*.parquet") + "', filename = true)")) {
            while (rs.next()) {
                rows++;
                final int partition = rs.getInt("source_partition");
                final long offset = rs.getLong("source_offset");
                final String position = partition + ":" + offset;
                assertTrue(seen.add(position), "record " + position + " is in two shards");
                final ConsumerRecord<byte[], byte[]> source = topic.get(position);
                assertTrue(source != null, "record " + position + " is not on the topic");
                final TrainingRecord expected = TrainingRecordSerde.decode(source.value());
                assertEquals(expected.id(), rs.getString("id"));
                assertArrayEquals(expected.inputIds(), ints(rs.getArray("input_ids")));
                assertArrayEquals(expected.labels(), ints(rs.getArray("labels")));
                assertEquals(expected.numTokens(), rs.getInt("num_tokens"));
                assertEquals(expected.numTrainedTokens(), rs.getInt("num_trained_tokens"));
                assertEquals(expected.truncated(), rs.getBoolean("truncated"));
                assertEquals(header(source, SftHeaders.TOKENIZER),
                        rs.getString("tokenizer_sha256"));
                assertEquals(header(source, SftHeaders.TEMPLATE), rs.getString("template"));
                assertEquals(Integer.parseInt(header(source, SftHeaders.EOS_ID)),
                        rs.getInt("eos_id"));
                assertNull(rs.getString("chat_template_sha256"));
                assertEquals("INTEGER[]", rs.getString("ids_type"));
                final ShardName shard = ShardName.parse(Path.of(rs.getString("filename"))
                        .getFileName().toString()).orElseThrow();
                assertEquals(partition, shard.partition());
                assertTrue(offset >= shard.firstOffset() && offset <= shard.lastOffset(),
                        "offset " + offset + " inside " + shard.fileName());
            }
        }
        assertEquals(RECORDS, rows, "rows in the shards");
        assertEquals(topic.keySet(), seen);
        assertShardNamesAreExactRanges(out);
    }

    /** Each shard's name gives the first and last offset of the records it holds. */
    private static void assertShardNamesAreExactRanges(final Path out) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT filename, min(source_offset) AS first, "
                     + "max(source_offset) AS last, count(*) AS n FROM read_parquet('"
                     + out.resolve("*.parquet") + "', filename = true) GROUP BY filename")) {
            int files = 0;
            while (rs.next()) {
                files++;
                final ShardName shard = ShardName.parse(Path.of(rs.getString("filename"))
                        .getFileName().toString()).orElseThrow();
                assertEquals(shard.firstOffset(), rs.getLong("first"), shard.fileName());
                assertEquals(shard.lastOffset(), rs.getLong("last"), shard.fileName());
                assertTrue(rs.getInt("n") <= 600, shard.fileName());
            }
            assertTrue(files >= RECORDS / 600, "shards: " + files);
        }
    }

    private static int completeShards(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> ShardName.parse(f.getFileName().toString())
                    .isPresent()).count();
        }
    }

    private static int[] ints(final Array array) throws SQLException {
        final Object[] values = (Object[]) array.getArray();
        final int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = ((Number) values[i]).intValue();
        }
        return ints;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record,
                                 final String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
