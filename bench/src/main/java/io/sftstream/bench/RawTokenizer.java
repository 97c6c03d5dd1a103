package io.sftstream.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The tokenizer with nothing of sftstream around it, for the {@code batch} stage: the same
 * tokenizer.json loaded straight into DJL with the same options as {@code TokenizerBundle} (no
 * special tokens added, no truncation, no padding), called through the Rust library's parallel
 * batch encode. Owned by the caller, who closes it.
 */
final class RawTokenizer implements AutoCloseable {

    private static final String BUNDLED = "/io/sftstream/tokenizers/qwen3/tokenizer.json.gz";

    private final HuggingFaceTokenizer tokenizer;
    private final long handle;
    private final String sha256Hex;

    private RawTokenizer(final byte[] json) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), Map.of(
                "addSpecialTokens", "false", "truncation", "false", "padding", "false",
                "withOverflowingTokens", "false"));
        this.handle = tokenizer.getHandle();
        this.sha256Hex = sha256(json);
    }

    /** Loads what {@code --tokenizer} names: null for the bundled Qwen3, else a dir or file. */
    static RawTokenizer load(final String spec) {
        try {
            final byte[] raw;
            if (spec == null || spec.isBlank()) {
                try (InputStream in = RawTokenizer.class.getResourceAsStream(BUNDLED)) {
                    raw = in.readAllBytes();
                }
            } else {
                Path path = Path.of(spec);
                if (Files.isDirectory(path)) {
                    path = Files.exists(path.resolve("tokenizer.json"))
                            ? path.resolve("tokenizer.json") : path.resolve("tokenizer.json.gz");
                }
                raw = Files.readAllBytes(path);
            }
            return new RawTokenizer(gunzipIfNeeded(raw));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer " + spec, e);
        }
    }

    /** SHA-256 of the tokenizer.json, to check that it is the one the pipeline uses. */
    String sha256Hex() {
        return sha256Hex;
    }

    /** Encodes the texts with the library's (multi-threaded) batch call; returns the ids. */
    long encodeBatch(final String[] texts) {
        final TokenizersLibrary lib = TokenizersLibrary.LIB;
        final long[] encodings = lib.batchEncode(handle, texts, false);
        long ids = 0;
        for (final long encoding : encodings) {
            ids += lib.getTokenIds(encoding).length;
            lib.deleteEncoding(encoding);
        }
        return ids;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static byte[] gunzipIfNeeded(final byte[] bytes) throws IOException {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1F || (bytes[1] & 0xFF) != 0x8B) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
