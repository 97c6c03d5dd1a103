package io.sftstream.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One HTTP request to a running {@link MonitoringServer}, and the Prometheus text format read
 * back: sample lines {@code name{labels} value}, keyed by {@code name{labels}} exactly as
 * written (Micrometer sorts the labels by name).
 */
public final class Scrape {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Scrape() {
    }

    /** GET {@code http://127.0.0.1:port/path}. */
    public static HttpResponse<String> get(final int port, final String path)
            throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of a scrape: {@code name{labels}} to value. */
    public static Map<String, Double> samples(final String text) {
        final Map<String, Double> samples = new LinkedHashMap<>();
        for (final String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** The metric names (the part before any label) of a scrape. */
    public static Set<String> names(final String text) {
        final Set<String> names = new TreeSet<>();
        for (final String series : samples(text).keySet()) {
            final int brace = series.indexOf('{');
            names.add(brace < 0 ? series : series.substring(0, brace));
        }
        return names;
    }
}
