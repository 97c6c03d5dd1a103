package io.sftstream.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP endpoint for Prometheus and Kubernetes (the JDK's built-in server, one thread):
 * <ul>
 *   <li>{@code GET /metrics}: the Prometheus text format 0.0.4 of {@link SftMetrics}.</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready}: 200 or 503 as {@link Health}
 *       says, with a one-line JSON body {@code {"status":"UP"|"DOWN","state":"RUNNING"}}.</li>
 * </ul>
 * Other paths answer 404, other methods 405. The caller owns the server and must close it.
 */
public final class MonitoringServer implements AutoCloseable {

    /** The Prometheus scrape path. */
    public static final String METRICS_PATH = "/metrics";
    /** The liveness probe path. */
    public static final String LIVE_PATH = "/health/live";
    /** The readiness probe path. */
    public static final String READY_PATH = "/health/ready";

    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MonitoringServer(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param address where to listen; port 0 picks a free one (see {@link #port()})
     * @param scrape  the metrics text, computed per request
     * @param state   the Streams state, per request; null while there is no Streams instance
     * @throws IllegalStateException with a sentence naming the port when it is in use
     */
    public static MonitoringServer start(final InetSocketAddress address,
                                         final Supplier<String> scrape,
                                         final Supplier<KafkaStreams.State> state) {
        return start(address, scrape, state, () -> 1);
    }

    /**
     * Starts serving, ready only while the instance holds at least one active task.
     *
     * @param address     where to listen; port 0 picks a free one (see {@link #port()})
     * @param scrape      the metrics text, computed per request
     * @param state       the Streams state, per request; null while there is no Streams
     *                    instance
     * @param activeTasks the active tasks of this instance's stream threads, per request
     * @throws IllegalStateException with a sentence naming the port when it is in use
     */
    public static MonitoringServer start(final InetSocketAddress address,
                                         final Supplier<String> scrape,
                                         final Supplier<KafkaStreams.State> state,
                                         final IntSupplier activeTasks) {
        final HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (final BindException e) {
            throw new IllegalStateException("the metrics port " + address.getPort() + " is "
                    + "already in use; pass another one with --metrics-port, or 0 to turn the "
                    + "metrics and health endpoint off");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the metrics endpoint on " + address, e);
        }
        final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            final Thread thread = new Thread(task, "sftstream-monitoring-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, scrape, state, activeTasks));
        server.start();
        return new MonitoringServer(server, executor);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(final HttpExchange exchange, final Supplier<String> scrape,
                               final Supplier<KafkaStreams.State> state,
                               final IntSupplier activeTasks) throws IOException {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case METRICS_PATH -> send(exchange, 200, PROMETHEUS_TYPE, scrape.get());
                case LIVE_PATH -> live(exchange, state.get());
                case READY_PATH -> ready(exchange, state.get(), activeTasks);
                default -> send(exchange, 404, "text/plain; charset=utf-8",
                        "not found; try /metrics, /health/live or /health/ready\n");
            }
        }
    }

    private static void live(final HttpExchange exchange, final KafkaStreams.State state)
            throws IOException {
        final int status = Health.live(state);
        send(exchange, status, "application/json", "{\"status\":\""
                + (status == Health.OK ? "UP" : "DOWN") + "\",\"state\":\""
                + (state == null ? "STARTING" : state.name()) + "\"}\n");
    }

    private static void ready(final HttpExchange exchange, final KafkaStreams.State state,
                              final IntSupplier activeTasks) throws IOException {
        final int tasks = state == null ? 0 : activeTasks.getAsInt();
        final int status = Health.ready(state, tasks);
        send(exchange, status, "application/json", "{\"status\":\""
                + (status == Health.OK ? "UP" : "DOWN") + "\",\"state\":\""
                + (state == null ? "STARTING" : state.name()) + "\",\"active_tasks\":" + tasks
                + "}\n");
    }

    private static void send(final HttpExchange exchange, final int status, final String type,
                             final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
