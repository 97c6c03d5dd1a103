package io.sftstream.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks at startup that the app's topics exist, or creates the missing ones. Fails with a
 * sentence naming the missing topic, or the unreachable cluster, instead of letting Streams wait.
 */
public final class TopicCheck {

    /** How long closing the admin client may wait for requests still under way. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private TopicCheck() {
    }

    /**
     * @param adminConfig admin client properties (bootstrap servers and security settings)
     * @param names       topics that must exist
     * @param create      create missing topics instead of failing
     * @param partitions  partitions of created topics
     * @param replication replication factor of created topics; empty for the broker default
     * @param timeout     how long to wait for the cluster
     * @return the topics that were created
     */
    public static List<String> ensure(final Map<String, Object> adminConfig,
                                      final Set<String> names, final boolean create,
                                      final int partitions, final Optional<Short> replication,
                                      final Duration timeout) {
        final String servers = String.valueOf(adminConfig.get("bootstrap.servers"));
        final Map<String, Object> config = new HashMap<>(adminConfig);
        // A request outlives its future's get() unless told otherwise, and close() waits for it.
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.merge(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                (given, ours) -> given);
        final Admin admin = Admin.create(config);
        try {
            final Set<String> existing = admin.listTopics(new ListTopicsOptions()
                            .timeoutMs((int) timeout.toMillis())).names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final Set<String> missing = new LinkedHashSet<>(names);
            missing.removeAll(existing);
            if (missing.isEmpty()) {
                return List.of();
            }
            if (!create) {
                final String first = missing.iterator().next();
                throw new IllegalStateException("topic '" + first + "' does not exist on "
                        + servers + (missing.size() > 1 ? " (nor do " + (missing.size() - 1)
                        + " more: " + missing + ")" : "") + "; create it, or pass "
                        + "--create-topics --partitions N to let sftstream create it");
            }
            final List<NewTopic> topics = new ArrayList<>();
            for (final String name : missing) {
                topics.add(new NewTopic(name, Optional.of(partitions), replication));
            }
            try {
                admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return List.copyOf(missing);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + servers + " within "
                    + timeout.toSeconds() + " s; check --bootstrap-servers and the security "
                    + "settings (KAFKA_* variables, --kafka, --kafka-config)");
        } catch (final ExecutionException e) {
            final String refused = ConnectionFailure.describe(e.getCause(), servers);
            throw new IllegalStateException(refused != null ? refused
                    : "cannot check the topics on " + servers + ": " + e.getCause().getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics");
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }
}
