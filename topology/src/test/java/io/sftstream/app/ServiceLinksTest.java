package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.topology.KafkaProperties;
import io.sftstream.topology.ServiceLinks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The variables Kubernetes injects for a Service named sftstream-metrics are not settings. */
class ServiceLinksTest {

    /** What a pod sees for {@code sftstream-metrics} (port 9400 named metrics) and {@code kafka}. */
    private static Map<String, String> injected() {
        final Map<String, String> env = new HashMap<>();
        env.put("SFTSTREAM_METRICS_SERVICE_HOST", "10.0.0.1");
        env.put("SFTSTREAM_METRICS_SERVICE_PORT", "9400");
        env.put("SFTSTREAM_METRICS_SERVICE_PORT_METRICS", "9400");
        env.put("SFTSTREAM_METRICS_PORT", "tcp://10.0.0.1:9400");
        env.put("SFTSTREAM_METRICS_PORT_9400_TCP", "tcp://10.0.0.1:9400");
        env.put("SFTSTREAM_METRICS_PORT_9400_TCP_PROTO", "tcp");
        env.put("SFTSTREAM_METRICS_PORT_9400_TCP_PORT", "9400");
        env.put("SFTSTREAM_METRICS_PORT_9400_TCP_ADDR", "10.0.0.1");
        env.put("KAFKA_PORT", "udp://10.0.0.2:9092");
        env.put("KAFKA_SERVICE_HOST", "10.0.0.2");
        return env;
    }

    @Test
    void shouldIgnoreServiceLinksWithOneWarning() {
        final Map<String, String> env = injected();
        final RunSettings settings = new RunOptions().resolve(env, false);
        assertEquals(MonitoringSettings.DEFAULT_METRICS_PORT, settings.monitoring().metricsPort());
        assertEquals(List.of(), EnvironmentNames.unrecognized(env));
        assertEquals(Map.of(), KafkaProperties.collect(null, env, List.of()));
        new CoreOptions().resolve(env);
        assertEquals(Optional.of("Ignoring 10 environment variables that Kubernetes injects for "
                + "Services of the namespace (KAFKA_PORT, KAFKA_SERVICE_HOST, "
                + "SFTSTREAM_METRICS_PORT, SFTSTREAM_METRICS_PORT_9400_TCP, "
                + "SFTSTREAM_METRICS_PORT_9400_TCP_ADDR, SFTSTREAM_METRICS_PORT_9400_TCP_PORT, "
                + "SFTSTREAM_METRICS_PORT_9400_TCP_PROTO, SFTSTREAM_METRICS_SERVICE_HOST, "
                + "SFTSTREAM_METRICS_SERVICE_PORT, SFTSTREAM_METRICS_SERVICE_PORT_METRICS); set "
                + "enableServiceLinks: false in the pod spec to leave them out"),
                ServiceLinks.warning(env));
    }

    @Test
    void shouldKeepRealSettingsBesideServiceLinks() {
        final Map<String, String> env = injected();
        env.put("SFTSTREAM_METRICS_PORT", "9401");
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        assertEquals(9401, new RunOptions().resolve(env, false).monitoring().metricsPort());
        assertEquals(Map.of("security.protocol", "SASL_SSL"),
                KafkaProperties.collect(null, env, List.of()));
        assertTrue(ServiceLinks.isServiceLink("SFTSTREAM_METRICS_PORT", "tcp://10.0.0.1:9400"));
        assertFalse(ServiceLinks.isServiceLink("SFTSTREAM_METRICS_PORT", "9400"));
        assertFalse(ServiceLinks.isServiceLink("SFTSTREAM_MAX_TOKENS", "4096"));
        assertEquals(Optional.empty(), ServiceLinks.warning(Map.of("SFTSTREAM_THREADS", "2",
                "OTHER_SERVICE_HOST", "10.0.0.3")));
    }
}
