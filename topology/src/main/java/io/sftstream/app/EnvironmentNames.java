package io.sftstream.app;

import io.sftstream.topology.KafkaProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The environment variables sftstream reads, so that a typo in a manifest
 * ({@code SFTSTREAM_MAX_TOKEN}, {@code KAFKA_SECURITY_PROTOCALL}) is reported at startup instead
 * of silently ignored, and so that deploy files can be checked against the app.
 */
public final class EnvironmentNames {

    /** The app's own settings. */
    public static final Set<String> SFTSTREAM = Set.of(
            "SFTSTREAM_TOKENIZER", "SFTSTREAM_TEMPLATE", "SFTSTREAM_INPUT_FORMAT",
            "SFTSTREAM_MAX_TOKENS", "SFTSTREAM_OVERLONG", "SFTSTREAM_TRAIN_ON_PROMPT",
            "SFTSTREAM_EOS_TOKEN", "SFTSTREAM_EOS_ID", "SFTSTREAM_MAX_RECORD_BYTES",
            "SFTSTREAM_SPECIAL_TOKENS_IN_TEXT", "SFTSTREAM_TOKENIZER_ENGINE",
            "SFTSTREAM_TOKENIZER_VERIFY",
            "SFTSTREAM_BOOTSTRAP_SERVERS", "SFTSTREAM_INPUT_TOPIC", "SFTSTREAM_OUTPUT_TOPIC",
            "SFTSTREAM_DLQ_TOPIC", "SFTSTREAM_APPLICATION_ID", "SFTSTREAM_THREADS",
            "SFTSTREAM_OUTPUT_FORMAT", "SFTSTREAM_PARTITIONS", "SFTSTREAM_REPLICATION_FACTOR",
            "SFTSTREAM_KAFKA_CONFIG", "SFTSTREAM_METRICS_PORT", "SFTSTREAM_STATS_TOPIC",
            "SFTSTREAM_STATS_WINDOW", "SFTSTREAM_CACHE_DIR");

    /** Variables read by the libraries sftstream uses (DJL, the JVM, the Hugging Face hub). */
    public static final Set<String> LIBRARIES = Set.of("DJL_CACHE_DIR", "DJL_OFFLINE",
            "OPT_OUT_TRACKING", "HF_TOKEN", "HF_ENDPOINT", "JAVA_TOOL_OPTIONS", "JAVA_OPTS");

    private static final List<String> CLIENT_PREFIXES = List.of("main.consumer.",
            "restore.consumer.", "global.consumer.", "consumer.", "producer.", "admin.");

    private EnvironmentNames() {
    }

    /** Whether Kafka Streams or one of its clients knows the property. */
    public static boolean isKafkaProperty(final String property) {
        if (property.startsWith("topic.") || property.equals("sftstream.dlq.topic")
                || StreamsConfig.configDef().names().contains(property)
                || isClientProperty(property)) {
            return true;
        }
        for (final String prefix : CLIENT_PREFIXES) {
            if (property.startsWith(prefix)
                    && isClientProperty(property.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isClientProperty(final String property) {
        return ProducerConfig.configNames().contains(property)
                || ConsumerConfig.configNames().contains(property)
                || AdminClientConfig.configNames().contains(property);
    }

    /**
     * The {@code SFTSTREAM_*} and {@code KAFKA_*} variables of {@code env} that sftstream does
     * not recognize, each with the reason.
     */
    public static List<String> unrecognized(final Map<String, String> env) {
        final List<String> unknown = new ArrayList<>();
        for (final String name : new TreeMap<>(env).keySet()) {
            if (name.startsWith("SFTSTREAM_") && !SFTSTREAM.contains(name)) {
                unknown.add(name + " is not an sftstream setting");
            } else if (name.startsWith("KAFKA_")) {
                final String property = KafkaProperties.propertyName(name);
                if (property != null && !isKafkaProperty(property)) {
                    unknown.add(name + " maps to '" + property + "', which is not a Kafka "
                            + "Streams or client property");
                }
            }
        }
        return unknown;
    }
}
