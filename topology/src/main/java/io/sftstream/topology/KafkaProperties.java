package io.sftstream.topology;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client and Streams properties from outside the code, so that SASL, TLS and tuning need
 * no code change. Later sources win: a properties file, then {@code KAFKA_*} environment
 * variables, then {@code --kafka key=value} flags.
 *
 * <p>Environment names map like the common Kafka container images do: drop {@code KAFKA_},
 * lower-case, {@code ___} → {@code -}, {@code __} → {@code _}, {@code _} → {@code .}; so
 * {@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol} and
 * {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}. Variables that configure the JVM
 * or Kafka's scripts rather than a client ({@code KAFKA_OPTS}, {@code KAFKA_HEAP_OPTS}, ...) are
 * ignored, and so are Kubernetes service-link variables ({@link ServiceLinks}).
 */
public final class KafkaProperties {

    /** Environment variables with the prefix that are not client properties. */
    static final Set<String> NOT_PROPERTIES = Set.of("KAFKA_HOME", "KAFKA_OPTS",
            "KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_JMX_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_LOG4J_LOGGERS", "KAFKA_GC_LOG_OPTS", "KAFKA_DEBUG",
            "KAFKA_VERSION");

    private KafkaProperties() {
    }

    /** The property name for a {@code KAFKA_*} variable, or null when it is not one. */
    public static String propertyName(final String envName) {
        if (!envName.startsWith("KAFKA_") || envName.length() == 6
                || NOT_PROPERTIES.contains(envName)) {
            return null;
        }
        return envName.substring(6).toLowerCase(Locale.ROOT)
                .replace("___", "-").replace("__", "\u0000").replace('_', '.')
                .replace('\u0000', '_');
    }

    /**
     * Collects the overrides, in order of precedence from low to high.
     *
     * @param file  a properties file, or null
     * @param env   the environment
     * @param flags {@code key=value} strings from {@code --kafka}
     */
    public static Map<String, String> collect(final Path file, final Map<String, String> env,
                                              final List<String> flags) {
        final Map<String, String> props = new TreeMap<>();
        if (file != null) {
            final Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                fromFile.load(reader);
            } catch (final NoSuchFileException e) {
                throw new IllegalArgumentException("--kafka-config file '" + file
                        + "' does not exist");
            } catch (final IOException e) {
                throw new IllegalArgumentException("--kafka-config file '" + file
                        + "' cannot be read: " + e.getMessage());
            }
            fromFile.stringPropertyNames().forEach(k -> props.put(k, fromFile.getProperty(k)));
        }
        ServiceLinks.without(env).forEach((name, value) -> {
            final String key = propertyName(name);
            if (key != null) {
                props.put(key, value);
            }
        });
        for (final String flag : flags) {
            final int eq = flag.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--kafka has the value '" + flag
                        + "', which is not allowed; allowed: key=value, e.g. "
                        + "--kafka security.protocol=SASL_SSL");
            }
            props.put(flag.substring(0, eq).trim(), flag.substring(eq + 1));
        }
        return props;
    }

    /** Masks values of password-like keys for logging. */
    public static String redact(final String key, final Object value) {
        final String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret")
                || k.contains("token") && !k.contains("tokenizer") ? "[hidden]"
                : String.valueOf(value);
    }
}
