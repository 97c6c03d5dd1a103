package io.sftstream.topology;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The variables Kubernetes injects for every Service of the namespace ("service links") unless a
 * pod sets {@code enableServiceLinks: false}. A Service named {@code sftstream-metrics} gives
 * {@code SFTSTREAM_METRICS_PORT=tcp://10.0.0.1:9400}, {@code SFTSTREAM_METRICS_SERVICE_HOST},
 * {@code SFTSTREAM_METRICS_PORT_9400_TCP_ADDR} and more; one named {@code kafka} gives
 * {@code KAFKA_PORT}, {@code KAFKA_SERVICE_HOST}, ... These are not settings, so the app reads
 * its environment without them and warns once.
 *
 * <p>A variable is a service link when its name ends in {@code _SERVICE_HOST},
 * {@code _SERVICE_PORT} or {@code _SERVICE_PORT_<port name>}, or ends in
 * {@code _PORT_<number>_TCP} (or {@code UDP}, {@code SCTP}) with an optional {@code _PROTO},
 * {@code _PORT} or {@code _ADDR}, or ends in {@code _PORT} and holds a
 * {@code tcp://}/{@code udp://}/{@code sctp://} address. So {@code SFTSTREAM_METRICS_PORT=9400}
 * stays a setting.
 */
public final class ServiceLinks {

    private static final Pattern LINK_NAME = Pattern.compile(
            ".+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)"
                    + "(_PROTO|_PORT|_ADDR)?)");
    private static final Pattern LINK_ADDRESS = Pattern.compile("(tcp|udp|sctp)://.*");

    private ServiceLinks() {
    }

    /** Whether {@code name=value} has the form of a Kubernetes service-link variable. */
    public static boolean isServiceLink(final String name, final String value) {
        return LINK_NAME.matcher(name).matches() || name.endsWith("_PORT") && value != null
                && LINK_ADDRESS.matcher(value).matches();
    }

    /** {@code env} without its service-link variables (unmodifiable). */
    public static Map<String, String> without(final Map<String, String> env) {
        final Map<String, String> kept = new TreeMap<>();
        env.forEach((name, value) -> {
            if (!isServiceLink(name, value)) {
                kept.put(name, value);
            }
        });
        return Collections.unmodifiableMap(kept);
    }

    /**
     * One warning naming the service-link variables of {@code env} that look like sftstream or
     * Kafka settings ({@code SFTSTREAM_*}, {@code KAFKA_*}), or empty when there are none.
     */
    public static Optional<String> warning(final Map<String, String> env) {
        final List<String> names = new TreeMap<>(env).entrySet().stream()
                .filter(e -> e.getKey().startsWith("SFTSTREAM_")
                        || e.getKey().startsWith("KAFKA_"))
                .filter(e -> isServiceLink(e.getKey(), e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Ignoring " + names.size() + " environment variables that Kubernetes "
                + "injects for Services of the namespace (" + String.join(", ", names)
                + "); set enableServiceLinks: false in the pod spec to leave them out");
    }
}
