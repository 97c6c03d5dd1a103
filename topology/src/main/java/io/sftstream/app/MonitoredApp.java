package io.sftstream.app;

import io.sftstream.monitoring.MonitoringServer;
import io.sftstream.monitoring.SftMetrics;
import io.sftstream.serdes.Reason;
import io.sftstream.tokenize.Outcome;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.RecordListener;
import io.sftstream.topology.SftTopology;
import io.sftstream.topology.StreamsApp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The streaming app as {@code run}, {@code demo} and the benchmark start it: the topology with
 * the stats flow, the Prometheus metrics fed by it and by the exception handlers, and the HTTP
 * endpoint with {@code /metrics} and the health probes (unless {@code --metrics-port 0}, or
 * {@link #openWithoutEndpoint}). The endpoint is up before Streams starts, so probes answer from
 * the first second (live, not ready). The caller owns it and must close it; the preprocessing
 * step stays the caller's.
 */
public final class MonitoredApp implements AutoCloseable {

    private final SftMetrics metrics;
    private final MonitoringServer server;
    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
    private final Properties props;
    private final Topology topology;
    private StreamsApp app;
    private boolean closed;

    private MonitoredApp(final RunSettings settings, final Preprocessor preprocessor,
                         final boolean metricsOn, final boolean endpoint,
                         final RecordListener extra) {
        final MonitoringSettings monitoring = settings.monitoring();
        metrics = metricsOn ? new SftMetrics(preprocessor) : null;
        MonitoringServer started = null;
        if (metrics != null && endpoint) {
            try {
                started = MonitoringServer.start(new InetSocketAddress(monitoring.metricsPort()),
                        metrics::scrape, this::state, this::activeTasks);
            } catch (final IllegalStateException e) {
                metrics.close();
                throw new SettingsException(e.getMessage());
            }
        }
        server = started;
        final RecordListener listener = both(metrics == null ? RecordListener.NONE : metrics,
                extra);
        props = settings.streamsProperties(listener);
        topology = SftTopology.build(settings.topics(), preprocessor, settings.outputFormat(),
                listener, monitoring.stats());
    }

    /** Builds everything and opens the endpoint; Streams starts with {@link #start}. */
    public static MonitoredApp open(final RunSettings settings, final Preprocessor preprocessor) {
        return open(settings, preprocessor, RecordListener.NONE);
    }

    /** As {@link #open(RunSettings, Preprocessor)}, also telling {@code extra} every outcome. */
    static MonitoredApp open(final RunSettings settings, final Preprocessor preprocessor,
                             final RecordListener extra) {
        final boolean on = settings.monitoring().metricsEnabled();
        return new MonitoredApp(settings, preprocessor, on, on, extra);
    }

    private static RecordListener both(final RecordListener first, final RecordListener second) {
        if (second == RecordListener.NONE) {
            return first;
        }
        return new RecordListener() {
            @Override
            public void processed(final Outcome outcome, final long nanos) {
                first.processed(outcome, nanos);
                second.processed(outcome, nanos);
            }

            @Override
            public void deadLettered(final Reason reason) {
                first.deadLettered(reason);
                second.deadLettered(reason);
            }
        };
    }

    /** The running Kafka Streams instance, or null before {@link #start}. */
    KafkaStreams streams() {
        return streams.get();
    }

    /** Builds everything with the metrics as listener but no HTTP endpoint (in-process use). */
    public static MonitoredApp openWithoutEndpoint(final RunSettings settings,
                                                   final Preprocessor preprocessor) {
        return new MonitoredApp(settings, preprocessor, true, false, RecordListener.NONE);
    }

    Properties props() {
        return props;
    }

    Topology topology() {
        return topology;
    }

    /** Starts Kafka Streams and adds its metrics. */
    public synchronized StreamsApp start() {
        app = StreamsApp.start(topology, props);
        streams.set(app.streams());
        if (metrics != null) {
            metrics.bindStreams(app.streams());
        }
        return app;
    }

    private KafkaStreams.State state() {
        final KafkaStreams current = streams.get();
        return current == null ? null : current.state();
    }

    private int activeTasks() {
        final KafkaStreams current = streams.get();
        if (current == null) {
            return 0;
        }
        try {
            return current.metadataForLocalThreads().stream()
                    .mapToInt(t -> t.activeTasks().size()).sum();
        } catch (final IllegalStateException notRunning) {
            return 0;
        }
    }

    /**
     * Stops Streams (waiting at most {@code timeout}), then the endpoint and the metrics;
     * idempotent (the shutdown hook and the command both call it).
     */
    public synchronized void close(final Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        if (app != null) {
            app.close(timeout);
        }
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
