package io.sftstream.embedded;

import java.util.List;

/**
 * Turns the Kafka broker's and clients' loggers down to WARN when slf4j-simple is the logging
 * binding; at INFO an in-process broker prints thousands of lines, at WARN about a dozen.
 *
 * <p>slf4j-simple reads a logger's level from the system property
 * {@code org.slf4j.simpleLogger.log.<logger name prefix>} when the logger is created, so
 * {@link #apply()} must run before the first Kafka class is loaded ({@link
 * EmbeddedKafkaBroker#start(int)} calls it first thing). A property that is already set, for
 * instance {@code -Dorg.slf4j.simpleLogger.log.kafka=info} on the command line, is left alone.
 * With any other binding the properties are simply ignored.
 */
public final class QuietKafkaLogs {

    /** The slf4j-simple prefix of per-logger level properties. */
    static final String PROPERTY_PREFIX = "org.slf4j.simpleLogger.log.";

    /** Logger name prefixes used by the broker, the controller and the clients. */
    static final List<String> LOGGERS = List.of(
            "kafka",                // kafka.server.*, kafka.log.*, kafka.request.logger, ...
            "org.apache.kafka",     // raft, controller, coordinators, storage, clients, admin
            "org.apache.zookeeper", // absent in Kafka 4, kept for older transitive jars
            "state.change.logger"); // partition state changes, one line per partition

    private static final String LEVEL = "warn";

    private QuietKafkaLogs() {
    }

    /** Sets each Kafka logger prefix to WARN unless its property is already set; idempotent. */
    public static void apply() {
        for (final String logger : LOGGERS) {
            final String key = PROPERTY_PREFIX + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, LEVEL);
            }
        }
    }
}
