package io.sftstream.tokenize;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three forms of {@code --tokenizer} besides the default, and their error messages. */
class TokenizerLoadTest {

    private static final String NO_TOKEN = "(none)";

    @TempDir
    Path temp;

    private HttpServer hub;
    private HttpServer cdn;
    private final Map<String, String> authSeen = new ConcurrentHashMap<>();
    private byte[] mistralJson;
    private byte[] mistralConfig;

    @BeforeEach
    void setUp() throws IOException {
        final Path dir = TestTokenizers.dir("mistral");
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(dir.resolve("tokenizer.json.gz")))) {
            mistralJson = in.readAllBytes();
        }
        mistralConfig = Files.readAllBytes(dir.resolve("tokenizer_config.json"));
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        cdn.createContext("/blob", exchange -> {
            authSeen.put("cdn", authorization(exchange.getRequestHeaders()
                    .getFirst("Authorization")));
            exchange.sendResponseHeaders(200, mistralJson.length);
            exchange.getResponseBody().write(mistralJson);
            exchange.close();
        });
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.createContext("/", exchange -> {
            final String path = exchange.getRequestURI().getPath();
            authSeen.put(path, authorization(exchange.getRequestHeaders()
                    .getFirst("Authorization")));
            if (path.equals("/acme/tiny/resolve/main/tokenizer.json")) {
                exchange.getResponseHeaders().add("Location", cdnUri() + "blob");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals("/acme/tiny/resolve/main/tokenizer_config.json")) {
                exchange.sendResponseHeaders(200, mistralConfig.length);
                exchange.getResponseBody().write(mistralConfig);
            } else if (path.startsWith("/acme/noconfig/resolve/main/tokenizer.json")) {
                exchange.sendResponseHeaders(200, mistralJson.length);
                exchange.getResponseBody().write(mistralJson);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        cdn.start();
        hub.start();
    }

    @AfterEach
    void tearDown() {
        hub.stop(0);
        cdn.stop(0);
    }

    private static String authorization(final String header) {
        return header == null ? NO_TOKEN : header;
    }

    private URI hubUri() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    private URI cdnUri() {
        return URI.create("http://127.0.0.1:" + cdn.getAddress().getPort() + "/");
    }

    @Test
    void shouldLoadADirectoryWithAGzippedTokenizerJson() {
        final TokenizerBundle mistral = TestTokenizers.mistral();
        assertTrue(mistral.source().startsWith("tokenizer directory "));
        assertTrue(mistral.addBosToken());
    }

    @Test
    void shouldLoadATokenizerJsonFileWithTheConfigBesideIt() throws IOException {
        final Path json = temp.resolve("tokenizer.json");
        Files.write(json, mistralJson);
        Files.write(temp.resolve("tokenizer_config.json"), mistralConfig);
        try (TokenizerBundle bundle = TokenizerBundle.load(json.toString())) {
            assertEquals(Optional.of("<s>"), bundle.bosToken());
            assertArrayEquals(new int[] {2}, bundle.encode("</s>"));
        }
        Files.delete(temp.resolve("tokenizer_config.json"));
        try (TokenizerBundle bundle = TokenizerBundle.load(temp.toString())) {
            assertEquals(Optional.empty(), bundle.bosToken());
            assertEquals(Optional.empty(), bundle.eosToken());
            assertFalse(bundle.addBosToken());
        }
    }

    @Test
    void shouldExplainADirectoryWithoutTokenizerJson() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> TokenizerBundle.load(temp.toString()));
        assertEquals("tokenizer directory \"" + temp + "\" holds no tokenizer.json (nor "
                + "tokenizer.json.gz): pass the directory of a HuggingFace tokenizer, the path of "
                + "its tokenizer.json or a hub id.", e.getMessage());
    }

    @Test
    void shouldNameTheValueAndTheThreeFormsForAnythingElse() {
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> TokenizerBundle.load("no such tokenizer"));
        assertEquals("tokenizer \"no such tokenizer\" is not an existing directory, an "
                + "existing file or a HuggingFace hub id: pass a directory that holds "
                + "tokenizer.json, the path of a tokenizer.json file, or a hub id such as "
                + "Qwen/Qwen3-0.6B.", e.getMessage());
    }

    @Test
    void shouldIgnoreTruncationAndPaddingWrittenInTheFile() {
        final String json = new String(mistralJson, StandardCharsets.UTF_8).replace(
                "\"truncation\": null,\n  \"padding\": null,",
                "\"truncation\": {\"direction\": \"Right\", \"max_length\": 8, \"strategy\": "
                        + "\"LongestFirst\", \"stride\": 0},\n  \"padding\": {\"strategy\": "
                        + "{\"Fixed\": 64}, \"direction\": \"Right\", \"pad_to_multiple_of\": "
                        + "null, \"pad_id\": 0, \"pad_type_id\": 0, \"pad_token\": \"<unk>\"},");
        assertTrue(json.contains("\"max_length\": 8"));
        try (TokenizerBundle bundle = TokenizerBundle.fromBytes(
                json.getBytes(StandardCharsets.UTF_8), null, "truncating file")) {
            assertEquals(20, bundle.encode("</s>".repeat(20)).length);
        }
    }

    @Test
    void shouldRecognizeHubIds() {
        assertTrue(TokenizerFiles.isHubId("Qwen/Qwen3-0.6B"));
        assertTrue(TokenizerFiles.isHubId("meta-llama/Meta-Llama-3-8B_instruct.v2"));
        assertFalse(TokenizerFiles.isHubId("gpt2"));
        assertFalse(TokenizerFiles.isHubId("a/b/c"));
        assertFalse(TokenizerFiles.isHubId("../etc"));
        assertFalse(TokenizerFiles.isHubId("a/.."));
        assertFalse(TokenizerFiles.isHubId("a/b..c"));
    }

    @Test
    void shouldRejectATokenizerJsonThatIsNotJson() throws IOException {
        final Path json = temp.resolve("tokenizer.json");
        Files.writeString(json, "{\"model\": ", StandardCharsets.UTF_8);
        final TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
                () -> TokenizerBundle.load(json.toString()));
        assertTrue(e.getMessage().startsWith("tokenizer file " + json
                + " is not a valid tokenizer.json ("), e.getMessage());
    }

    @Test
    void shouldDownloadFromTheHubFollowRedirectsAndCache() {
        final Path cache = temp.resolve("hub");
        final TokenizerFiles files = new HubDownloader(hubUri(), cache, "secret")
                .download("acme/tiny");
        assertArrayEquals(mistralJson, files.tokenizerJson());
        assertArrayEquals(mistralConfig, files.configJson());
        assertEquals("Bearer secret", authSeen.get("/acme/tiny/resolve/main/tokenizer.json"));
        assertEquals(NO_TOKEN, authSeen.get("cdn"), "the token stays with the hub's host");
        assertTrue(Files.isRegularFile(cache.resolve("acme/tiny/tokenizer.json")));

        hub.stop(0);
        final TokenizerFiles cached = new HubDownloader(hubUri(), cache, null)
                .download("acme/tiny");
        assertArrayEquals(mistralJson, cached.tokenizerJson());
        assertArrayEquals(mistralConfig, cached.configJson());
    }

    @Test
    void shouldAcceptAHubRepositoryWithoutTokenizerConfig() {
        final TokenizerFiles files = new HubDownloader(hubUri(), temp, null)
                .download("acme/noconfig");
        assertArrayEquals(mistralJson, files.tokenizerJson());
        assertNull(files.configJson());
        assertEquals(NO_TOKEN, authSeen.get("/acme/noconfig/resolve/main/tokenizer.json"));
    }

    @Test
    void shouldSayThatAHubIdNeedsNetworkAccess() {
        final TokenizerLoadException missing = assertThrows(TokenizerLoadException.class,
                () -> new HubDownloader(hubUri(), temp, null).download("acme/missing"));
        assertEquals("could not download tokenizer.json of hub id \"acme/missing\" from "
                + hubUri() + "/ (HTTP 404, no such repository or file): a hub id needs network "
                + "access, so pass a local directory that holds tokenizer.json instead (no local "
                + "directory or file named \"acme/missing\" exists).", missing.getMessage());

        hub.stop(0);
        final TokenizerLoadException offline = assertThrows(TokenizerLoadException.class,
                () -> new HubDownloader(hubUri(), temp, null).download("acme/tiny"));
        assertTrue(offline.getMessage().contains("a hub id needs network access, so pass a "
                + "local directory that holds tokenizer.json instead"), offline.getMessage());
        assertFalse(Files.exists(temp.resolve("acme/tiny/tokenizer.json")));
    }

    @Test
    void shouldReadUnigramVocabularyArrays() {
        final String json = "{\"added_tokens\": [{\"id\": 0, \"content\": \"<pad>\", "
                + "\"special\": true}], \"model\": {\"type\": \"Unigram\", \"unk_id\": 2, "
                + "\"vocab\": [[\"<pad>\", 0.0], [\"</s>\", 0.0], [\"<unk>\", 0.0], "
                + "[\"\u2581the\", -3.5]]}}";
        final TokenTable table = TokenTable.parse(json.getBytes(StandardCharsets.UTF_8), "t");
        assertEquals(OptionalInt.of(3), table.tokenId("\u2581the"));
        assertEquals(OptionalInt.of(1), table.tokenId("</s>"));
        assertEquals("<unk>", table.piece(2));
        assertEquals(3, table.maxId());
        assertEquals(List.of("<pad>"), table.addedContents());
    }
}
