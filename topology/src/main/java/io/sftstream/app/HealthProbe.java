package io.sftstream.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check that needs no curl in the image:
 * {@code java -cp sftstream.jar io.sftstream.app.HealthProbe http://127.0.0.1:9400/health/live}
 * exits 0 when the URL answers 200 within two seconds, 1 otherwise.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(final String[] args) {
        System.exit(check(args.length > 0 ? args[0] : "http://127.0.0.1:9400/health/live"));
    }

    static int check(final String url) {
        try {
            final HttpURLConnection connection =
                    (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(2_000);
            final int status = connection.getResponseCode();
            connection.disconnect();
            return status == 200 ? 0 : 1;
        } catch (final IOException | IllegalArgumentException e) {
            return 1;
        }
    }
}
