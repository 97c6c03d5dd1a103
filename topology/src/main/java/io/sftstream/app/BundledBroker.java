package io.sftstream.app;

/**
 * Whether this jar carries the demo's in-process Kafka broker: {@code sftstream.jar} does,
 * {@code sftstream-run.jar} (the container image's jar) leaves it out.
 */
final class BundledBroker {

    /** The sentence {@code demo} stops with when the broker is not in the jar. */
    static final String MISSING = "demo needs the full jar sftstream.jar, which carries the "
            + "in-process Kafka broker; this jar (sftstream-run.jar) runs the other commands "
            + "against a cluster";

    private BundledBroker() {
    }

    /** True when the embedded module and the Kafka broker classes can be loaded. */
    static boolean present() {
        final ClassLoader loader = BundledBroker.class.getClassLoader();
        try {
            Class.forName("io.sftstream.embedded.EmbeddedKafkaBroker", false, loader);
            Class.forName("kafka.server.KafkaRaftServer", false, loader);
            return true;
        } catch (final ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
