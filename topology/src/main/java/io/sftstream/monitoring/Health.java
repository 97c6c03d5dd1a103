package io.sftstream.monitoring;

import org.apache.kafka.streams.KafkaStreams;

/**
 * The health probes' answers for a Kafka Streams state (null: no Streams instance yet).
 * <ul>
 *   <li>ready ({@code /health/ready}): 200 only in {@code RUNNING} with at least one active
 *       task, else 503: a starting or rebalancing instance, or one that the group gave no
 *       partition (more instances than partitions, or a rebalance still waiting for a crashed
 *       member's session to expire), does no work yet.</li>
 *   <li>live ({@code /health/live}): 503 once Streams failed or stopped ({@code PENDING_ERROR},
 *       {@code ERROR}, {@code NOT_RUNNING}), else 200; a restart is what helps then.</li>
 * </ul>
 */
public final class Health {

    public static final int OK = 200;
    public static final int UNAVAILABLE = 503;

    private Health() {
    }

    /** @param activeTasks the instance's active tasks (input partitions it processes) */
    public static int ready(final KafkaStreams.State state, final int activeTasks) {
        return state == KafkaStreams.State.RUNNING && activeTasks > 0 ? OK : UNAVAILABLE;
    }

    public static int live(final KafkaStreams.State state) {
        if (state == null) {
            return OK;
        }
        return switch (state) {
            case PENDING_ERROR, ERROR, NOT_RUNNING -> UNAVAILABLE;
            default -> OK;
        };
    }
}
