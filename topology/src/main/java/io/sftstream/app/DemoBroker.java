package io.sftstream.app;

import io.sftstream.embedded.EmbeddedKafkaBroker;

/**
 * The demo's in-process broker, behind a type of this module: command classes name only this
 * one in their method signatures, so that picocli can inspect them in sftstream-run.jar, which
 * leaves the embedded module out ({@link BundledBroker}). Closing it stops the broker.
 */
final class DemoBroker implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private DemoBroker(final EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on 127.0.0.1:{@code port}; throws IllegalStateException when it cannot. */
    static DemoBroker start(final int port) {
        return new DemoBroker(EmbeddedKafkaBroker.start(port));
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    void createTopics(final int partitions, final String... names) {
        broker.createTopics(partitions, names);
    }

    @Override
    public void close() {
        broker.close();
    }
}
