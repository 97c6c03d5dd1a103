package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --log-format json} in a separate JVM (SLF4J binds once per JVM): every line it
 * writes is one JSON object with timestamp, level, logger and message, and the progress line
 * comes at the interval {@code SFTSTREAM_PROGRESS_INTERVAL} gives.
 */
class LogFormatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldWriteJsonLinesWithAProgressLine(@TempDir final Path dir)
            throws IOException, InterruptedException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0)) {
            broker.createTopics(1, "log-raw", "log-tokens", "log-dlq");
            broker.createTopics(1, "log-tokens-stats");
            produce(broker.bootstrapServers(), List.of(
                    "{\"prompt\":\"Say hi\",\"response\":\"Hi\"}",
                    "{\"prompt\":\"Say bye\",\"response\":\"Bye\"}", "not json"));
            final Path log = dir.resolve("run.log");
            final ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.sftstream.app.Main",
                    "run", "--log-format", "json", "--bootstrap-servers",
                    broker.bootstrapServers(), "--input-topic", "log-raw", "--output-topic",
                    "log-tokens", "--dlq-topic", "log-dlq", "--application-id", "log-format",
                    "--threads", "1", "--metrics-port", "0")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            final Map<String, String> env = builder.environment();
            env.put("SFTSTREAM_PROGRESS_INTERVAL", "1s");
            env.put("SFTSTREAM_LOG_LEVEL", "info");
            final Process child = builder.start();
            try {
                final String expected = "progress: 3 records (2 accepted, 1 rejected), ";
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (System.nanoTime() < deadline && child.isAlive()
                        && !Files.readString(log).contains(expected)) {
                    Thread.sleep(250);
                }
                assertTrue(Files.readString(log).contains(expected), Files.readString(log));
            } finally {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
                child.destroyForcibly();
            }
            int progress = 0;
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertTrue(lines.size() > 5, String.join("\n", lines));
            for (final String line : lines) {
                final JsonNode event = MAPPER.readTree(line);
                assertTrue(event.isObject(), line);
                Instant.parse(event.get("timestamp").asText());
                assertTrue(List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR")
                        .contains(event.get("level").asText()), line);
                assertTrue(event.get("logger").isTextual(), line);
                assertTrue(event.get("message").isTextual(), line);
                final String message = event.get("message").asText();
                if (message.startsWith("progress: ")) {
                    progress++;
                    assertEquals("io.sftstream.app.ProgressLog", event.get("logger").asText());
                    assertEquals("INFO", event.get("level").asText());
                    assertTrue(message.matches("progress: [0-9,]+ records \\([0-9,]+ accepted, "
                            + "[0-9,]+ rejected\\), [0-9,]+\\.[0-9] records/s over the last 1 s, "
                            + "lag ([0-9,]+|unknown)"), message);
                }
            }
            assertTrue(progress >= 1, String.join("\n", lines));
        }
    }

    private static void produce(final String servers, final List<String> values) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final String value : values) {
                producer.send(new ProducerRecord<>("log-raw",
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
