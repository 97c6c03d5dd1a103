package io.sftstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaPropertiesTest {

    @Test
    void shouldMapKafkaEnvironmentVariablesToProperties() {
        assertEquals("security.protocol", KafkaProperties.propertyName("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("sasl.jaas.config", KafkaProperties.propertyName("KAFKA_SASL_JAAS_CONFIG"));
        assertEquals("producer.max.request.size",
                KafkaProperties.propertyName("KAFKA_PRODUCER_MAX_REQUEST_SIZE"));
        assertEquals("some_name", KafkaProperties.propertyName("KAFKA_SOME__NAME"));
        assertEquals("a-b", KafkaProperties.propertyName("KAFKA_A___B"));
        assertNull(KafkaProperties.propertyName("KAFKA_HEAP_OPTS"));
        assertNull(KafkaProperties.propertyName("KAFKA_OPTS"));
        assertNull(KafkaProperties.propertyName("SFTSTREAM_TEMPLATE"));
        assertNull(KafkaProperties.propertyName("KAFKA_"));
    }

    @Test
    void shouldLetFlagsWinOverEnvironmentOverFile(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nlinger.ms=7\nacks=all\n");
        final Map<String, String> props = KafkaProperties.collect(file,
                Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_LINGER_MS", "9",
                        "PATH", "/bin"),
                List.of("linger.ms=11", "sasl.mechanism=PLAIN"));
        assertEquals(Map.of("security.protocol", "SASL_SSL", "linger.ms", "11", "acks", "all",
                "sasl.mechanism", "PLAIN"), props);
    }

    @Test
    void shouldRefuseMalformedFlagsAndMissingFiles(@TempDir final Path dir) {
        final IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> KafkaProperties.collect(null, Map.of(), List.of("novalue")));
        assertEquals("--kafka has the value 'novalue', which is not allowed; allowed: "
                + "key=value, e.g. --kafka security.protocol=SASL_SSL", flag.getMessage());
        final IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
                () -> KafkaProperties.collect(dir.resolve("nope.properties"), Map.of(),
                        List.of()));
        assertEquals("--kafka-config file '" + dir.resolve("nope.properties")
                + "' does not exist", file.getMessage());
    }

    @Test
    void shouldDefaultToExactlyOnceWithDeadLetterHandlers() {
        final Properties props = StreamsConfigs.build("app", "b:9092", 3, "dlq", Map.of());
        assertEquals("exactly_once_v2", props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(100, props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(3, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals("lz4", props.get("producer.compression.type"));
        // Batches fill until the transaction commits (the commit flushes the producer).
        assertEquals(100, props.get("producer.linger.ms"));
        assertEquals(DlqProcessingExceptionHandler.class,
                props.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(DlqProductionExceptionHandler.class,
                props.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals("dlq", props.get(DlqProcessingExceptionHandler.DLQ_TOPIC_CONFIG));
        final Properties overridden = StreamsConfigs.build("app", "b:9092", 1, "dlq",
                Map.of("processing.guarantee", "at_least_once", "commit.interval.ms", "500"));
        assertEquals("at_least_once", overridden.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("500", overridden.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        // The resulting configuration is one Kafka Streams accepts.
        new StreamsConfig(props);
    }

    @Test
    void shouldHideSecretsWhenLogging() {
        assertEquals("[hidden]", KafkaProperties.redact("sasl.jaas.config", "x"));
        assertEquals("[hidden]", KafkaProperties.redact("ssl.keystore.password", "x"));
        assertEquals("SASL_SSL", KafkaProperties.redact("security.protocol", "SASL_SSL"));
    }
}
