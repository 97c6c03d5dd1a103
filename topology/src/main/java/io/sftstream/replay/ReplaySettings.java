package io.sftstream.replay;

import java.util.Map;

/**
 * The resolved settings of a replay.
 *
 * @param bootstrapServers Kafka brokers
 * @param kafka            Kafka client properties (file, {@code KAFKA_*}, {@code --kafka})
 * @param dlqTopic         where the dead letters are read
 * @param toTopic          where they are produced (the app's input topic)
 * @param group            consumer group whose committed offsets say how far the replay got
 * @param selection        which records are replayed
 * @param batchSize        records per poll and transaction
 * @param dryRun           count only: produce nothing, commit nothing
 */
public record ReplaySettings(String bootstrapServers, Map<String, String> kafka, String dlqTopic,
                             String toTopic, String group, ReplaySelection selection,
                             int batchSize, boolean dryRun) {

    public ReplaySettings {
        kafka = Map.copyOf(kafka);
    }
}
