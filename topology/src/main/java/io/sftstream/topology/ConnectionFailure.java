package io.sftstream.topology;

import java.util.Locale;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * One sentence for a failure to connect to Kafka that the user must fix in the settings: a
 * refused SASL login or a TLS certificate the client does not trust. Used at startup, where
 * {@code run}, {@code demo} and {@code stats} first talk to the cluster.
 */
public final class ConnectionFailure {

    private ConnectionFailure() {
    }

    /**
     * The sentence for {@code error} (or one of its causes), or null when it is not a failure
     * to authenticate.
     *
     * @param servers the bootstrap servers, named in the sentence
     */
    public static String describe(final Throwable error, final String servers) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return "Kafka at " + servers + " refused the login: " + t.getMessage()
                        + "; check the user name and password in KAFKA_SASL_JAAS_CONFIG "
                        + "(sasl.jaas.config) and KAFKA_SASL_MECHANISM";
            }
            if (t instanceof SslAuthenticationException) {
                return tls(t, servers);
            }
        }
        return null;
    }

    private static String tls(final Throwable error, final String servers) {
        final StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        final String text = all.toString().toLowerCase(Locale.ROOT);
        if (text.contains("no subject alternative") || text.contains("no name matching")) {
            return "the TLS certificate of Kafka at " + servers + " does not name that host; "
                    + "connect with a name the certificate lists, or have the certificate "
                    + "reissued";
        }
        if (text.contains("pkix") || text.contains("certification path")
                || text.contains("unable to find valid")) {
            return "the TLS certificate of Kafka at " + servers + " is not trusted; set "
                    + "KAFKA_SSL_TRUSTSTORE_LOCATION (with KAFKA_SSL_TRUSTSTORE_PASSWORD and "
                    + "KAFKA_SSL_TRUSTSTORE_TYPE) to a trust store holding the certificate of "
                    + "the authority that signed it";
        }
        return "the TLS handshake with Kafka at " + servers + " failed (" + error.getMessage()
                + "); check security.protocol and the KAFKA_SSL_* settings";
    }
}
