package io.sftstream.app;

import io.sftstream.topology.TopicCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topics of a streaming command exist before the app starts: the input, output
 * and DLQ topics (created with {@code --partitions} when {@code --create-topics} is given) and
 * the stats topic (created with one partition). A missing topic stops the command with the
 * sentence {@link TopicCheck} writes.
 */
final class TopicPreparation {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicPreparation() {
    }

    /** Checks (or creates) every topic the settings name, with their admin configuration. */
    static void prepare(final RunSettings settings) {
        final Map<String, Object> admin =
                new StreamsConfig(settings.streamsProperties()).getAdminConfigs("sftstream");
        try {
            final var created = TopicCheck.ensure(admin, Set.of(settings.topics().input(),
                            settings.topics().output(), settings.topics().dlq()),
                    settings.createTopics(), settings.partitions(),
                    settings.replicationFactor(), TIMEOUT);
            if (!created.isEmpty()) {
                LOG.info("Created topics {} with {} partitions", created, settings.partitions());
            }
            final String stats = settings.monitoring().stats().topic();
            if (!TopicCheck.ensure(admin, Set.of(stats), settings.createTopics(), 1,
                    settings.replicationFactor(), TIMEOUT).isEmpty()) {
                LOG.info("Created the stats topic {} with 1 partition", stats);
            }
        } catch (final IllegalStateException e) {
            throw new SettingsException(e.getMessage());
        }
    }
}
