package io.sftstream.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void shouldBeReadyOnlyWhenRunningAndLiveUntilStreamsFailsOrStops() throws Exception {
        final AtomicReference<KafkaStreams.State> state = new AtomicReference<>();
        try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), () -> "", state::get)) {
            for (final KafkaStreams.State s : KafkaStreams.State.values()) {
                state.set(s);
                final HttpResponse<String> ready = Scrape.get(server.port(), "/health/ready");
                final HttpResponse<String> live = Scrape.get(server.port(), "/health/live");
                assertEquals(s == KafkaStreams.State.RUNNING ? 200 : 503, ready.statusCode(),
                        s.name());
                final boolean dead = s == KafkaStreams.State.ERROR
                        || s == KafkaStreams.State.PENDING_ERROR
                        || s == KafkaStreams.State.NOT_RUNNING;
                assertEquals(dead ? 503 : 200, live.statusCode(), s.name());
                assertEquals("{\"status\":\"" + (dead ? "DOWN" : "UP") + "\",\"state\":\""
                        + s.name() + "\"}\n", live.body());
                assertEquals("application/json",
                        ready.headers().firstValue("Content-Type").orElse(""));
            }
        }
    }

    @Test
    void shouldNotBeReadyWhileRunningWithoutActiveTasks() throws Exception {
        final AtomicInteger tasks = new AtomicInteger();
        try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), () -> "", () -> KafkaStreams.State.RUNNING,
                tasks::get)) {
            final HttpResponse<String> idle = Scrape.get(server.port(), "/health/ready");
            assertEquals(503, idle.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"state\":\"RUNNING\",\"active_tasks\":0}\n",
                    idle.body());
            assertEquals(200, Scrape.get(server.port(), "/health/live").statusCode());
            tasks.set(2);
            final HttpResponse<String> busy = Scrape.get(server.port(), "/health/ready");
            assertEquals(200, busy.statusCode());
            assertEquals("{\"status\":\"UP\",\"state\":\"RUNNING\",\"active_tasks\":2}\n",
                    busy.body());
        }
    }

    @Test
    void shouldRefuseAPortInUseWithASentence() throws Exception {
        try (MonitoringServer first = MonitoringServer.start(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), () -> "", () -> null)) {
            final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class, () -> MonitoringServer.start(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(),
                                    first.port()), () -> "", () -> null));
            assertEquals("the metrics port " + first.port() + " is already in use; pass "
                    + "another one with --metrics-port, or 0 to turn the metrics and health "
                    + "endpoint off", e.getMessage());
        }
    }
}
