package io.sftstream.topology;

import io.sftstream.tokenize.bpe.EngineMismatchError;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Kafka Streams instance of the topology. A stream thread that dies of an uncaught
 * exception is replaced; the instance stops on {@link #close} (the caller wires SIGTERM to it)
 * or when Streams reaches the ERROR state. The caller owns it and must close it.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);

    private StreamsApp(final Topology topology, final Properties props) {
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(exception -> {
            if (EngineMismatchError.isCauseOf(exception)) {
                LOG.error("Stopping: the tokenizer engines disagree", exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            }
            LOG.error("A stream thread died; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (newState == KafkaStreams.State.ERROR
                    || newState == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
    }

    /** Creates and starts the instance. */
    public static StreamsApp start(final Topology topology, final Properties props) {
        final StreamsApp app = new StreamsApp(topology, props);
        app.streams.start();
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until the instance is RUNNING; false on timeout. */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until the instance has stopped (closed, or failed into ERROR). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean failed() {
        return streams.state() == KafkaStreams.State.ERROR;
    }

    /**
     * Stops the instance, waiting at most {@code timeout}; true when it stopped in time. The
     * instance leaves the consumer group, static member or not, so that its partitions move to
     * the other instances at once and a restarted instance joins without waiting for the old
     * member's session to expire.
     */
    public boolean close(final Duration timeout) {
        final boolean done = streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
        stopped.countDown();
        return done;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
