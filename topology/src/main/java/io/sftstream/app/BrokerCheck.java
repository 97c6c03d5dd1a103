package io.sftstream.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the Kafka brokers before any Kafka client starts: the bootstrap value is a list of
 * {@code host:port}, at least one host name resolves, and one address accepts a TCP connection,
 * all within {@link #TIMEOUT}. A Kafka client given an unreachable or unknown address retries
 * for a minute with a warning per attempt; this says what is wrong in one sentence instead.
 * Security (TLS, SASL) is checked later by the client itself.
 */
final class BrokerCheck {

    /** The longest the whole check takes. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private record Address(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private BrokerCheck() {
    }

    /**
     * @param servers the bootstrap value ({@code host:port[,host:port...]})
     * @throws SettingsException with the sentence to print when no broker can be reached
     */
    static void require(final String servers) {
        final List<Address> addresses = parse(servers);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        final List<String> unknown = new ArrayList<>();
        String lastFailure = null;
        for (final Address address : addresses) {
            final InetAddress[] resolved;
            try {
                resolved = resolve(address.host(), deadline);
            } catch (final UnknownHostException e) {
                unknown.add(address.host());
                continue;
            }
            for (final InetAddress ip : resolved) {
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(ip, address.port()), (int) left);
                    return;
                } catch (final IOException e) {
                    lastFailure = address + " (" + reason(e) + ")";
                }
            }
        }
        if (lastFailure == null) {
            throw new SettingsException("cannot resolve the Kafka host"
                    + (unknown.size() > 1 ? "s '" + String.join("', '", unknown) + "'"
                    : " '" + unknown.get(0) + "'") + " of the brokers '" + servers + "'; check "
                    + "the host name in --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS, "
                    + "--kafka bootstrap.servers=...)");
        }
        throw new SettingsException("cannot reach Kafka at " + lastFailure + " within "
                + TIMEOUT.toSeconds() + " s; check --bootstrap-servers and that the brokers are "
                + "up and reachable from here");
    }

    private static List<Address> parse(final String servers) {
        final List<Address> addresses = new ArrayList<>();
        for (final String part : servers.split(",", -1)) {
            final String entry = part.trim().replaceFirst("^[A-Za-z_]+://", "");
            if (entry.isEmpty() && servers.split(",", -1).length > 1) {
                continue;
            }
            final int colon = entry.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (final NumberFormatException e) {
                    port = -1;
                }
            }
            String host = colon > 0 ? entry.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (port < 1 || port > 65_535 || host.isEmpty() || host.contains(" ")) {
                throw new SettingsException(SettingsTable.BOOTSTRAP_SERVERS.label() + " has "
                        + "the value '" + servers + "', which is not allowed; allowed: host:port, "
                        + "comma-separated (e.g. kafka-1:9092,kafka-2:9092)");
            }
            addresses.add(new Address(host, port));
        }
        return addresses;
    }

    /** Resolves a host name, giving up at the deadline (a resolver may hang for long). */
    private static InetAddress[] resolve(final String host, final long deadline)
            throws UnknownHostException {
        final CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (final UnknownHostException e) {
                return null;
            }
        });
        try {
            final InetAddress[] found = lookup.get(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        } catch (final TimeoutException | ExecutionException e) {
            throw new UnknownHostException(host);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host);
        }
    }

    private static String reason(final IOException e) {
        final String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : message.toLowerCase(Locale.ROOT);
    }
}
