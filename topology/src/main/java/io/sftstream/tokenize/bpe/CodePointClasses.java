package io.sftstream.tokenize.bpe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The regex classes of every code point as the HuggingFace tokenizers library's regex engine
 * (Oniguruma, a newer Unicode version than Java 17's 13.0) sees them: {@code \p{L}},
 * {@code \p{N}}, {@code \p{M}}, {@code \p{P}}, {@code \p{S}} and {@code \s}, one bit each.
 *
 * <p>Java's {@link Character#getType} gives the base; the checked-in table
 * {@code regex-class-overrides.txt} (derived from the library's own answers) replaces the
 * classes of the code points where the two differ. Built once; immutable and shared.
 */
final class CodePointClasses {

    static final int LETTER = 1;
    static final int NUMBER = 2;
    static final int MARK = 4;
    static final int PUNCTUATION = 8;
    static final int SYMBOL = 16;
    static final int SPACE = 32;

    private static final byte[] TABLE = build();

    private CodePointClasses() {
    }

    /** The class bits of a code point. */
    static int of(final int cp) {
        return TABLE[cp];
    }

    private static byte[] build() {
        final byte[] table = new byte[Character.MAX_CODE_POINT + 1];
        for (int cp = 0; cp < table.length; cp++) {
            table[cp] = javaClasses(cp);
        }
        for (final int[] range : readRanges("regex-class-overrides.txt", 3)) {
            for (int cp = range[0]; cp <= range[1]; cp++) {
                table[cp] = (byte) range[2];
            }
        }
        return table;
    }

    /** The class bits from Java's own tables (the probe that writes the overrides uses these). */
    static byte javaClasses(final int cp) {
        int mask = switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER -> NUMBER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK -> MARK;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> SYMBOL;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> SPACE;
            default -> 0;
        };
        if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85) {
            mask |= SPACE;
        }
        return (byte) mask;
    }

    /**
     * Reads a resource of this package: lines of hex {@code first last} and optionally more
     * decimal columns; {@code #} starts a comment.
     */
    static int[][] readRanges(final String resource, final int columns) {
        final List<int[]> ranges = new ArrayList<>();
        try (InputStream in = CodePointClasses.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            final BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                final String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                final String[] parts = trimmed.split(" ");
                final int[] range = new int[columns];
                range[0] = Integer.parseInt(parts[0], 16);
                range[1] = Integer.parseInt(parts[1], 16);
                for (int i = 2; i < columns; i++) {
                    range[i] = Integer.parseInt(parts[i]);
                }
                ranges.add(range);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranges.toArray(new int[0][]);
    }
}
