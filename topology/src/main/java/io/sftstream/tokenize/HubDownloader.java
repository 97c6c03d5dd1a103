package io.sftstream.tokenize;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads {@code tokenizer.json} and {@code tokenizer_config.json} of a HuggingFace hub id from
 * {@code <endpoint>/<id>/resolve/main/<file>} into a cache directory, and reads them from there
 * on later starts without touching the network.
 *
 * <p>Environment: {@code HF_TOKEN} (sent as a bearer token, only to the hub's own host, never to
 * the CDN it redirects to), {@code HF_ENDPOINT} (default {@code https://huggingface.co}),
 * {@code SFTSTREAM_CACHE_DIR} (the cache root, default {@code ~/.cache/sftstream}; files go to
 * {@code <root>/hub/<owner>/<name>/}). A missing tokenizer_config.json (HTTP 404) is fine; any
 * other failure is a {@link TokenizerLoadException} saying that a hub id needs network access.
 */
final class HubDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(HubDownloader.class);
    private static final int MAX_REDIRECTS = 10;

    private final URI endpoint;
    private final Path cacheRoot;
    private final String token;
    private final HttpClient client;

    HubDownloader(final URI endpoint, final Path cacheRoot, final String token) {
        final String base = endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base : base + "/");
        this.cacheRoot = cacheRoot;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A downloader configured from HF_ENDPOINT, HF_TOKEN and SFTSTREAM_CACHE_DIR. */
    static HubDownloader fromEnvironment() {
        final String endpoint = System.getenv("HF_ENDPOINT");
        final String cacheDir = System.getenv("SFTSTREAM_CACHE_DIR");
        final Path root = cacheDir == null || cacheDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "sftstream")
                : Path.of(cacheDir);
        return new HubDownloader(
                URI.create(endpoint == null || endpoint.isBlank() ? "https://huggingface.co"
                        : endpoint.strip()),
                root.resolve("hub"), System.getenv("HF_TOKEN"));
    }

    /** The tokenizer files of the hub id, from the cache or else from the hub. */
    TokenizerFiles download(final String hubId) {
        final Path dir = cacheRoot.resolve(hubId);
        final Path cachedJson = dir.resolve(TokenizerFiles.TOKENIZER_JSON);
        final Path cachedConfig = dir.resolve(TokenizerFiles.CONFIG_JSON);
        final String description = "hub tokenizer " + hubId;
        if (Files.isRegularFile(cachedJson)) {
            LOG.info("Using the cached tokenizer of {} from {}", hubId, dir);
            try {
                final byte[] config = Files.isRegularFile(cachedConfig)
                        ? Files.readAllBytes(cachedConfig) : null;
                return new TokenizerFiles(Files.readAllBytes(cachedJson), config,
                        description + " (cached in " + dir + ")");
            } catch (final IOException e) {
                throw new TokenizerLoadException("cannot read the cached tokenizer of " + hubId
                        + " in " + dir + " (" + e.getMessage() + "): delete that directory.", e);
            }
        }
        LOG.info("Downloading the tokenizer of {} from {}", hubId, endpoint);
        final byte[] json = fetch(hubId, TokenizerFiles.TOKENIZER_JSON, false);
        final byte[] config = fetch(hubId, TokenizerFiles.CONFIG_JSON, true);
        store(dir, cachedConfig, config);
        store(dir, cachedJson, json);
        return new TokenizerFiles(json, config, description);
    }

    private byte[] fetch(final String hubId, final String file, final boolean optional) {
        URI uri = endpoint.resolve(hubId + "/resolve/main/" + file);
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMinutes(2))
                        .header("User-Agent", "sftstream")
                        .GET();
                if (token != null && sameOrigin(uri)) {
                    request.header("Authorization", "Bearer " + token);
                }
                final HttpResponse<byte[]> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                final int status = response.statusCode();
                if (status == 200) {
                    return response.body();
                }
                if (status == 404 && optional) {
                    return null;
                }
                final String location = response.headers().firstValue("Location").orElse(null);
                if (status / 100 == 3 && location != null) {
                    uri = uri.resolve(location);
                    continue;
                }
                throw failure(hubId, file, "HTTP " + status + explain(status), null);
            }
            throw failure(hubId, file, "too many redirects", null);
        } catch (final IOException e) {
            throw failure(hubId, file, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(hubId, file, "interrupted", e);
        }
    }

    private boolean sameOrigin(final URI uri) {
        return endpoint.getHost() != null
                && endpoint.getHost().equalsIgnoreCase(uri.getHost())
                && endpoint.getPort() == uri.getPort()
                && endpoint.getScheme().equalsIgnoreCase(uri.getScheme());
    }

    private String explain(final int status) {
        if (status == 401 || status == 403) {
            return token == null ? ", the repository may be gated or private: set HF_TOKEN"
                    : ", HF_TOKEN is not allowed to read this repository";
        }
        return status == 404 ? ", no such repository or file" : "";
    }

    private TokenizerLoadException failure(final String hubId, final String file,
                                           final String reason, final Throwable cause) {
        return new TokenizerLoadException(String.format(Locale.ROOT,
                "could not download %s of hub id \"%s\" from %s (%s): a hub id needs network "
                        + "access, so pass a local directory that holds tokenizer.json instead "
                        + "(no local directory or file named \"%s\" exists).",
                file, hubId, endpoint, reason, hubId), cause);
    }

    private static void store(final Path dir, final Path target, final byte[] bytes) {
        if (bytes == null) {
            return;
        }
        Path partial = null;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, target.getFileName().toString(), ".part");
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException | UnsupportedOperationException e) {
            LOG.warn("Could not cache {} ({}); it will be downloaded again next time",
                    target, e.toString());
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(final Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            LOG.debug("Could not delete {}", file, e);
        }
    }
}
