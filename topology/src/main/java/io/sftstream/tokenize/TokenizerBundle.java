package io.sftstream.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.LibUtils;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.sftstream.tokenize.bpe.ByteLevelBpe;
import io.sftstream.tokenize.bpe.EngineMismatchError;
import io.sftstream.tokenize.bpe.TokenizerEngine;
import io.sftstream.tokenize.bpe.UnsupportedPipelineException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A HuggingFace tokenizer (tokenizer.json run by DJL's binding of the Rust {@code tokenizers}
 * library) together with its token table, the SHA-256 of its tokenizer.json and the settings of
 * its tokenizer_config.json.
 *
 * <p>Built once at startup ({@link #load(String)} or {@link #fromBytes}) and shared by all
 * threads: every method is thread-safe. The caller owns it and {@link #close() closes} it on
 * shutdown, after the last {@link #encode(String)} has returned. Encoding never truncates, never
 * pads and never adds special tokens ({@code add_special_tokens=false}); added tokens written in
 * the text (such as {@code <|im_start|>}) are matched and become their ids.
 *
 * <p>Encoding runs on one of two engines that give the same ids ({@link TokenizerEngine}): the
 * pure-Java {@link ByteLevelBpe} for byte-level BPE pipelines it implements, or DJL. The DJL
 * tokenizer is loaded either way (it decodes, and it checks the Java engine when asked to).
 */
public final class TokenizerBundle implements AutoCloseable {

    private static final Map<String, String> DJL_OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false",
            "withOverflowingTokens", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final TokenTable tokens;
    private final TokenizerConfigFile config;
    private final String sha256Hex;
    private final String source;
    // Engine choice (see TokenizerEngine): javaEncoder is null when DJL encodes.
    private final ByteLevelBpe javaEncoder;
    private final TokenizerEngine.Choice engine;
    private final AtomicLong verifyLeft = new AtomicLong();
    private volatile EngineMismatchError mismatch;

    private TokenizerBundle(final HuggingFaceTokenizer tokenizer, final TokenTable tokens,
                            final TokenizerConfigFile config, final String sha256Hex,
                            final String source, final ByteLevelBpe javaEncoder,
                            final TokenizerEngine.Choice engine) {
        this.tokenizer = tokenizer;
        this.tokens = tokens;
        this.config = config;
        this.sha256Hex = sha256Hex;
        this.source = source;
        this.javaEncoder = javaEncoder;
        this.engine = engine;
    }

    /**
     * Loads the tokenizer that a {@code --tokenizer} value names: null or empty for the bundled
     * Qwen3 tokenizer, a directory holding tokenizer.json (or tokenizer.json.gz) and optionally
     * tokenizer_config.json, a tokenizer.json file (a tokenizer_config.json beside it is used
     * when present), or a HuggingFace hub id {@code owner/name} (downloaded once into
     * {@code $SFTSTREAM_CACHE_DIR/hub/<id>}, default {@code ~/.cache/sftstream/hub/<id>},
     * with {@code HF_TOKEN} as bearer token).
     *
     * @throws TokenizerLoadException with a sentence the user can act on
     */
    public static TokenizerBundle load(final String spec) {
        return load(spec, TokenizerEngine.AUTO);
    }

    /**
     * Loads the tokenizer that a {@code --tokenizer} value names (see {@link #load(String)}),
     * encoding with the given engine.
     *
     * @throws TokenizerLoadException with a sentence the user can act on, also when
     *                                {@code engine} is {@link TokenizerEngine#JAVA} and the
     *                                pipeline has a part the Java encoder does not implement
     */
    public static TokenizerBundle load(final String spec, final TokenizerEngine engine) {
        final TokenizerFiles files = TokenizerFiles.resolve(spec);
        return fromBytes(files.tokenizerJson(), files.configJson(), files.description(), engine);
    }

    /**
     * Builds a bundle from the bytes of a tokenizer.json (plain or gzip-compressed) and of an
     * optional tokenizer_config.json.
     *
     * @param tokenizerJson     the tokenizer.json bytes
     * @param configJsonOrNull  the tokenizer_config.json bytes, or null when there is none
     * @param sourceDescription where the files come from, for logs and messages
     * @throws TokenizerLoadException when the files cannot be used
     */
    public static TokenizerBundle fromBytes(final byte[] tokenizerJson,
                                            final byte[] configJsonOrNull,
                                            final String sourceDescription) {
        return fromBytes(tokenizerJson, configJsonOrNull, sourceDescription,
                TokenizerEngine.AUTO);
    }

    /** As {@link #fromBytes(byte[], byte[], String)}, encoding with the given engine. */
    public static TokenizerBundle fromBytes(final byte[] tokenizerJson,
                                            final byte[] configJsonOrNull,
                                            final String sourceDescription,
                                            final TokenizerEngine engine) {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(sourceDescription, "sourceDescription");
        final byte[] json = TokenizerFiles.gunzipIfNeeded(tokenizerJson, sourceDescription);
        final TokenTable tokens = TokenTable.parse(json, sourceDescription);
        final TokenizerConfigFile config =
                TokenizerConfigFile.parse(configJsonOrNull, sourceDescription);
        ByteLevelBpe javaEncoder = null;
        Optional<String> unsupported = Optional.of("nothing: djl was asked for");
        if (engine != TokenizerEngine.DJL) {
            try {
                javaEncoder = ByteLevelBpe.build(json);
                unsupported = Optional.empty();
            } catch (final UnsupportedPipelineException e) {
                unsupported = Optional.of(e.unsupportedPart());
            }
        }
        final TokenizerEngine.Choice choice;
        try {
            choice = engine.choose(unsupported);
        } catch (final UnsupportedPipelineException e) {
            throw new TokenizerLoadException("the java tokenizer engine cannot encode with "
                    + sourceDescription + ": it does not implement " + e.unsupportedPart()
                    + "; use the tokenizer engine auto or djl.", e);
        }
        final HuggingFaceTokenizer tokenizer = createDjlTokenizer(json, sourceDescription);
        return new TokenizerBundle(tokenizer, tokens, config, sha256(json), sourceDescription,
                choice.engine() == TokenizerEngine.JAVA ? javaEncoder : null, choice);
    }

    private static HuggingFaceTokenizer createDjlTokenizer(final byte[] json,
                                                           final String source) {
        // DJL reads these from the environment or the system properties; without them it may
        // try the network or report usage. An explicit setting by the user is kept.
        setDefaultProperty("DJL_OFFLINE", "true");
        setDefaultProperty("OPT_OUT_TRACKING", "true");
        try {
            LibUtils.checkStatus();
        } catch (final RuntimeException | LinkageError e) {
            throw new TokenizerLoadException("cannot load the native library of DJL's "
                    + "HuggingFace tokenizers (" + e + "): make sure DJL_CACHE_DIR (default "
                    + "~/.djl.ai) is a writable directory.", e);
        }
        try {
            // The JSON is handed over in memory: no temporary file is written.
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), DJL_OPTIONS);
        } catch (final IOException | RuntimeException e) {
            throw new TokenizerLoadException(source + " is not a tokenizer.json that the "
                    + "HuggingFace tokenizers library can load (" + e.getMessage()
                    + "): pass the tokenizer.json of a HuggingFace tokenizer.", e);
        }
    }

    private static void setDefaultProperty(final String name, final String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The ids of the text, encoded on its own with {@code add_special_tokens=false}, no
     * truncation and no padding. Added tokens written in the text become their ids.
     */
    public int[] encode(final String text) {
        Objects.requireNonNull(text, "text");
        if (javaEncoder == null) {
            return encodeWithLibrary(text);
        }
        final int[] ids = javaEncoder.encode(text);
        if (verifyLeft.get() > 0 && verifyLeft.getAndDecrement() > 0) {
            verify(text, ids);
        }
        if (mismatch != null) {
            throw mismatch;
        }
        return ids;
    }

    private void verify(final String text, final int[] javaIds) {
        final int[] libraryIds = encodeWithLibrary(text);
        if (!Arrays.equals(javaIds, libraryIds)) {
            mismatch = new EngineMismatchError(source, text, javaIds, libraryIds);
            throw mismatch;
        }
    }

    /**
     * Makes the next {@code texts} calls of {@link #encode} (with the Java engine) encode with
     * DJL too and compare; on the first difference that call and every later one throws
     * {@link EngineMismatchError}, which is meant to stop the application.
     */
    public void verifyEngines(final long texts) {
        verifyLeft.set(Math.max(0, texts));
    }

    /** The engine that encodes and why (for the startup log). */
    public TokenizerEngine.Choice engine() {
        return engine;
    }

    /** The ids of the text from DJL, whichever engine {@link #encode} uses. */
    public int[] encodeWithLibrary(final String text) {
        Objects.requireNonNull(text, "text");
        // Straight to the JNI calls: DJL's encode() would also copy tokens, offsets, masks and
        // type ids into Java objects that nobody reads here.
        final TokenizersLibrary lib = TokenizersLibrary.LIB;
        final long encoding = lib.encode(tokenizer.getHandle(), text, false);
        final long[] ids;
        try {
            ids = lib.getTokenIds(encoding);
        } finally {
            lib.deleteEncoding(encoding);
        }
        final int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = (int) ids[i];
        }
        return result;
    }

    /**
     * The ids of the text encoded in one piece, as {@link #encode(String)} gives them, with each
     * token's {@code [start, end)} offsets in Unicode code points of {@code text}. The native
     * library reports offsets in chars of its Rust string, which are code points.
     */
    public EncodedText encodeWithOffsets(final String text) {
        Objects.requireNonNull(text, "text");
        final TokenizersLibrary lib = TokenizersLibrary.LIB;
        final long encoding = lib.encode(tokenizer.getHandle(), text, false);
        final long[] ids;
        final CharSpan[] spans;
        try {
            ids = lib.getTokenIds(encoding);
            spans = lib.getTokenCharSpans(encoding);
        } finally {
            lib.deleteEncoding(encoding);
        }
        final int n = ids.length;
        final int[] out = new int[n];
        final int[] starts = new int[n];
        final int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) ids[i];
            starts[i] = spans[i].getStart();
            ends[i] = spans[i].getEnd();
        }
        return new EncodedText(out, starts, ends);
    }

    /** The text of the ids, special tokens included, for display. */
    public String decode(final int[] ids) {
        final long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, false);
    }

    /**
     * The id of the token whose string is exactly {@code content}: an entry of tokenizer.json
     * {@code added_tokens} first, then of {@code model.vocab}. Finding an id does not mean that
     * the text encodes to it (Qwen3's vocabulary has {@code </s>} = 128247, yet the text encodes
     * to three ids).
     */
    public OptionalInt tokenId(final String content) {
        return tokens.tokenId(content);
    }

    /** Whether some added token or vocabulary entry has this id. */
    public boolean isKnownId(final int id) {
        return tokens.isKnownId(id);
    }

    /** The largest id of any added token or vocabulary entry. */
    public int maxId() {
        return tokens.maxId();
    }

    /** The raw token string of the id (for display), or {@code "<id N>"} when it is unknown. */
    public String tokenPiece(final int id) {
        return tokens.piece(id);
    }

    /** The content of every tokenizer.json {@code added_tokens} entry, special or not. */
    public List<String> addedTokenContents() {
        return tokens.addedContents();
    }

    /** The content of every tokenizer.json {@code added_tokens} entry marked special. */
    public List<String> specialTokenContents() {
        return tokens.specialContents();
    }

    /** Lower-case hex SHA-256 of the exact (uncompressed) tokenizer.json bytes. */
    public String sha256Hex() {
        return sha256Hex;
    }

    /** Where the tokenizer was loaded from, for logs and messages. */
    public String source() {
        return source;
    }

    /** tokenizer_config.json {@code bos_token} (string or {@code {"content": ...}}). */
    public Optional<String> bosToken() {
        return config.bosToken();
    }

    /** tokenizer_config.json {@code eos_token} (string or {@code {"content": ...}}). */
    public Optional<String> eosToken() {
        return config.eosToken();
    }

    /** Whether tokenizer_config.json {@code add_bos_token} is literally {@code true}. */
    public boolean addBosToken() {
        return config.addBosToken();
    }

    /**
     * Every value of tokenizer_config.json as plain Java values (maps, lists, strings, numbers,
     * booleans, null), in file order; empty when the tokenizer has no such file.
     */
    public Map<String, Object> configValues() {
        return config.values();
    }

    /** tokenizer_config.json {@code chat_template}, if any. */
    public Optional<String> chatTemplate() {
        return config.chatTemplate();
    }

    /** Frees the native tokenizer; no thread may encode afterwards. Idempotent. */
    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "TokenizerBundle[" + source + ", sha256=" + sha256Hex + ", engine="
                + engine.engine().settingValue() + "]";
    }
}
