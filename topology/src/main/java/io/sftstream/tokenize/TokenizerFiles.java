package io.sftstream.tokenize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of a tokenizer.json and of its optional tokenizer_config.json, found from the
 * {@code --tokenizer} value. The value is, in this order of precedence: null or blank (the
 * bundled Qwen3 tokenizer), an existing directory (its {@code tokenizer.json}, else
 * {@code tokenizer.json.gz}, plus {@code tokenizer_config.json} if present), an existing file
 * (that tokenizer.json, plus a {@code tokenizer_config.json} beside it if present), or a
 * HuggingFace hub id {@code owner/name} (downloaded by {@link HubDownloader}). A tokenizer.json
 * that starts with the gzip magic bytes is decompressed; {@link #tokenizerJson()} is always the
 * plain file.
 *
 * @param tokenizerJson the exact bytes of tokenizer.json
 * @param configJson    the bytes of tokenizer_config.json, or null when there is none
 * @param description   where the files come from, for logs and error messages
 */
record TokenizerFiles(byte[] tokenizerJson, byte[] configJson, String description) {

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String TOKENIZER_JSON_GZ = "tokenizer.json.gz";
    static final String CONFIG_JSON = "tokenizer_config.json";

    private static final String BUNDLED_DIR = "/io/sftstream/tokenizers/qwen3/";
    private static final String BUNDLED_DESCRIPTION = "the bundled Qwen3 tokenizer";

    /** owner/name as the hub allows them: letters, digits, '-', '_', '.', no "..". */
    private static final Pattern HUB_ID = Pattern.compile(
            "(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    /**
     * Finds the tokenizer files that the value names.
     *
     * @throws TokenizerLoadException with a sentence naming the value when nothing usable is found
     */
    static TokenizerFiles resolve(final String spec) {
        if (spec == null || spec.isBlank()) {
            return bundled();
        }
        final Path path = asPath(spec);
        if (path != null && Files.isDirectory(path)) {
            return fromDirectory(path);
        }
        if (path != null && Files.isRegularFile(path)) {
            final Path sibling = path.toAbsolutePath().resolveSibling(CONFIG_JSON);
            return new TokenizerFiles(read(path), readIfPresent(sibling), "tokenizer file " + path);
        }
        if (path != null && Files.exists(path)) {
            throw new TokenizerLoadException("tokenizer \"" + spec + "\" exists but is neither a "
                    + "directory nor a regular file: pass a directory that holds tokenizer.json, "
                    + "a tokenizer.json file or a HuggingFace hub id such as Qwen/Qwen3-0.6B.");
        }
        if (isHubId(spec)) {
            return HubDownloader.fromEnvironment().download(spec);
        }
        throw new TokenizerLoadException("tokenizer \"" + spec + "\" is not an existing "
                + "directory, an existing file or a HuggingFace hub id: pass a directory that "
                + "holds tokenizer.json, the path of a tokenizer.json file, or a hub id such as "
                + "Qwen/Qwen3-0.6B.");
    }

    /**
     * The directory that holds the tokenizer a {@code --tokenizer} value names (where a
     * {@code chat_template.jinja} would be), or null for the bundled tokenizer and hub ids.
     */
    static Path directoryOf(final String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        final Path path = asPath(spec);
        if (path != null && Files.isDirectory(path)) {
            return path;
        }
        if (path != null && Files.isRegularFile(path)) {
            return path.toAbsolutePath().getParent();
        }
        return null;
    }

    /** Whether the value has the shape of a hub id ({@code owner/name}). */
    static boolean isHubId(final String spec) {
        return HUB_ID.matcher(spec).matches();
    }

    /** The Qwen3 tokenizer shipped inside the jar. */
    static TokenizerFiles bundled() {
        final byte[] json = resource(BUNDLED_DIR + TOKENIZER_JSON_GZ);
        final byte[] config = resource(BUNDLED_DIR + CONFIG_JSON);
        return new TokenizerFiles(gunzipIfNeeded(json, BUNDLED_DESCRIPTION), config,
                BUNDLED_DESCRIPTION);
    }

    private static TokenizerFiles fromDirectory(final Path dir) {
        final Path plain = dir.resolve(TOKENIZER_JSON);
        final Path gzipped = dir.resolve(TOKENIZER_JSON_GZ);
        final Path json;
        if (Files.isRegularFile(plain)) {
            json = plain;
        } else if (Files.isRegularFile(gzipped)) {
            json = gzipped;
        } else {
            throw new TokenizerLoadException("tokenizer directory \"" + dir + "\" holds no "
                    + "tokenizer.json (nor tokenizer.json.gz): pass the directory of a "
                    + "HuggingFace tokenizer, the path of its tokenizer.json or a hub id.");
        }
        return new TokenizerFiles(read(json), readIfPresent(dir.resolve(CONFIG_JSON)),
                "tokenizer directory " + dir);
    }

    private static Path asPath(final String spec) {
        try {
            return Path.of(spec);
        } catch (final InvalidPathException e) {
            return null;
        }
    }

    private static byte[] read(final Path file) {
        try {
            return gunzipIfNeeded(Files.readAllBytes(file), file.toString());
        } catch (final IOException e) {
            throw new TokenizerLoadException("cannot read tokenizer file \"" + file + "\" ("
                    + e.getMessage() + "): check that it exists and is readable.", e);
        }
    }

    private static byte[] readIfPresent(final Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new TokenizerLoadException("cannot read \"" + file + "\" (" + e.getMessage()
                    + "): make it readable or remove it.", e);
        }
    }

    private static byte[] resource(final String name) {
        try (InputStream in = TokenizerFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new TokenizerLoadException("the bundled Qwen3 tokenizer is missing from "
                        + "the classpath (" + name + "): rebuild the jar or pass --tokenizer.");
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes themselves, or their decompressed content when they are gzip data. */
    static byte[] gunzipIfNeeded(final byte[] bytes, final String source) {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1F || (bytes[1] & 0xFF) != 0x8B) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new TokenizerLoadException(source + " looks gzip-compressed but cannot be "
                    + "decompressed (" + e.getMessage() + "): pass an intact tokenizer.json.", e);
        }
    }
}
