package io.sftstream.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The demo's ports, all chosen before anything starts: the in-process broker's and the metrics
 * endpoint's. A port the user gave must be free, or the demo stops with a sentence before any
 * broker starts; a port left to the demo is its default when that is free, else any free one,
 * so that a second demo beside the first one just works.
 */
final class DemoPorts {

    private DemoPorts() {
    }

    /**
     * @param given     the port the user asked for, or null
     * @param preferred the default
     * @param setting   how the sentence names the setting ({@code --port})
     * @param anyHost   whether the port is opened on every interface (else 127.0.0.1)
     * @return a port that is free now
     */
    static int choose(final Integer given, final int preferred, final String setting,
                      final boolean anyHost) {
        if (given != null) {
            if (given != 0 && !isFree(given, anyHost)) {
                throw new SettingsException(setting + " " + given + " is in use by another "
                        + "program (another demo?); give a free port, or leave " + setting
                        + " out to let the demo pick one");
            }
            return given == 0 ? free(anyHost) : given;
        }
        return isFree(preferred, anyHost) ? preferred : free(anyHost);
    }

    static boolean isFree(final int port, final boolean anyHost) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the broker and the metrics server bind: connections of an earlier run that
            // linger in TIME_WAIT do not make the port busy, a listening program does.
            socket.setReuseAddress(true);
            socket.bind(anyHost ? new InetSocketAddress(port)
                    : new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private static int free(final boolean anyHost) {
        try (ServerSocket socket = anyHost ? new ServerSocket(0)
                : new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new SettingsException("no free TCP port on this machine (" + e.getMessage()
                    + ")");
        }
    }
}
