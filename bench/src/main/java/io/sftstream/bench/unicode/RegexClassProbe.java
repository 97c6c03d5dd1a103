package io.sftstream.bench.unicode;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the table of code points whose regex classes, as the HuggingFace tokenizers library's
 * regex engine sees them ({@code \p{L}}, {@code \p{N}}, {@code \p{M}}, {@code \p{P}},
 * {@code \p{S}}, {@code \s}), differ from what Java's {@link Character#getType} gives. The
 * library is asked through DJL, one code point at a time, with a one-step pipeline: a
 * {@code Split} on the class with behaviour {@code Removed} and a {@code WordLevel} model, so a
 * code point in the class encodes to no token and any other to one.
 *
 * <p>Run once when DJL (and so the library's Unicode version) changes:
 * {@code java -cp sftstream-bench.jar io.sftstream.bench.unicode.RegexClassProbe OUT}; the
 * output replaces {@code regex-class-overrides.txt} of the {@code tokenize.bpe} package.
 */
public final class RegexClassProbe {

    private static final String[] PATTERNS = {"\\\\p{L}", "\\\\p{N}", "\\\\p{M}", "\\\\p{P}",
        "\\\\p{S}", "\\\\s"};

    private RegexClassProbe() {
    }

    /**
     * Probes every code point (surrogates excepted).
     *
     * @param args the output file
     */
    public static void main(final String[] args) throws IOException {
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        final int limit = Character.MAX_CODE_POINT + 1;
        final byte[] library = new byte[limit];
        for (int c = 0; c < PATTERNS.length; c++) {
            try (HuggingFaceTokenizer probe = probe(PATTERNS[c])) {
                for (int cp = 0; cp < limit; cp++) {
                    if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                        continue;
                    }
                    final String text = new String(Character.toChars(cp));
                    if (probe.encode(text, false, false).getIds().length == 0) {
                        library[cp] |= (byte) (1 << c);
                    }
                }
            }
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[0])), false,
                StandardCharsets.UTF_8)) {
            out.println("# Code points whose regex classes in the HuggingFace tokenizers library");
            out.println("# (DJL 0.38.0, tokenizers 0.21.4, Oniguruma) differ from Java's tables.");
            out.println("# first last mask; mask bits: 1 L, 2 N, 4 M, 8 P, 16 S, 32 \\s.");
            out.println("# Written by io.sftstream.bench.unicode.RegexClassProbe.");
            int start = -1;
            int mask = -1;
            for (int cp = 0; cp <= limit; cp++) {
                final boolean differs = cp < limit
                        && (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                        && library[cp] != javaMask(cp);
                final int m = differs ? library[cp] : -1;
                if (start >= 0 && (!differs || m != mask)) {
                    out.printf("%X %X %d%n", start, cp - 1, mask);
                    start = -1;
                }
                if (differs && start < 0) {
                    start = cp;
                    mask = m;
                }
            }
        }
    }

    private static HuggingFaceTokenizer probe(final String pattern) throws IOException {
        final String json = "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"" + pattern
                + "\"},\"behavior\":\"Removed\",\"invert\":false},\"post_processor\":null,"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0},"
                + "\"unk_token\":\"[UNK]\"}}";
        return HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                Map.of("addSpecialTokens", "false", "truncation", "false",
                        "padding", "false"));
    }

    /** The class mask from Java's own tables, as the encoder computes it without overrides. */
    static byte javaMask(final int cp) {
        int mask = 0;
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER -> mask |= 1;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER -> mask |= 2;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK -> mask |= 4;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> mask |= 8;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> mask |= 16;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> mask |= 32;
            default -> {
            }
        }
        if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85) {
            mask |= 32;
        }
        return (byte) mask;
    }
}
