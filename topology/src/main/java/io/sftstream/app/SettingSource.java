package io.sftstream.app;

import io.sftstream.topology.KafkaProperties;
import io.sftstream.topology.ServiceLinks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Picks each setting of {@link SettingsTable} from its flag, else its environment variable (an
 * empty variable counts as unset), else its default, and parses it. Every refusal is a
 * {@link SettingsException} whose sentence names the flag and the variable, the bad value and
 * what is allowed. Also the one resolution of the Kafka properties and brokers that every
 * command talking to Kafka shares.
 */
final class SettingSource {

    private final Map<String, String> env;

    SettingSource(final Map<String, String> env) {
        // Kubernetes service links (SFTSTREAM_METRICS_PORT=tcp://...) are not settings.
        this.env = ServiceLinks.without(env);
    }

    /** The setting's value, or null when it has none and no default. */
    <T> T get(final Setting<T> setting, final String flagValue) {
        return get(setting, flagValue, setting.defaultValue());
    }

    /** The setting's value with another default (as text), or null when that is null. */
    <T> T get(final Setting<T> setting, final String flagValue, final String fallback) {
        final String chosen = flagValue != null ? flagValue : fromEnv(setting.env());
        if (chosen == null) {
            return fallback == null ? null : setting.parse(fallback);
        }
        return setting.parse(chosen);
    }

    private String fromEnv(final String name) {
        final String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The Kafka properties from the {@code --kafka-config} file (or its variable), the
     * {@code KAFKA_*} variables and the {@code --kafka} flags, later sources winning.
     */
    Map<String, String> kafkaOverrides(final Path configFlag, final List<String> kafkaFlags) {
        final String file = fromEnv(SettingsTable.KAFKA_CONFIG.env());
        final Path configFile = configFlag != null ? configFlag
                : file == null ? null : Path.of(file);
        try {
            return KafkaProperties.collect(configFile, env, kafkaFlags);
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /** The brokers: the flag, its variable, else {@code bootstrap.servers} of the overrides. */
    String bootstrapServers(final String flagValue, final Map<String, String> overrides,
                            final boolean required) {
        final String servers = get(SettingsTable.BOOTSTRAP_SERVERS, flagValue,
                overrides.get("bootstrap.servers"));
        if (servers == null && required) {
            throw new SettingsException(SettingsTable.BOOTSTRAP_SERVERS.label() + " is not "
                    + "set; give the Kafka brokers, e.g. --bootstrap-servers localhost:9092");
        }
        return servers;
    }
}
