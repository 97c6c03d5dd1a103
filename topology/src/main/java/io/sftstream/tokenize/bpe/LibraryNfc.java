package io.sftstream.tokenize.bpe;

import java.nio.CharBuffer;
import java.text.Normalizer;

/**
 * Unicode NFC as the tokenizers library computes it. The library's normalizer
 * ({@code unicode-normalization-alignments} 0.1.12) has the Unicode 9.0 tables; Java 17's has
 * 13.0. For a code point assigned in between, the library knows no decomposition, no
 * composition and no combining class: it stays where it is and blocks nothing but acts as a
 * starter. So the text is cut at those code points, Java's normalizer runs on the pieces and
 * the cut code points are kept as they are. Every other code point has the same data in both
 * versions (Unicode's normalization stability policy).
 *
 * <p>Stateless and thread-safe.
 */
final class LibraryNfc {

    /** Code points below this never change under NFC, alone or next to anything. */
    private static final int FIRST_AFFECTED = 0x300;

    private static final boolean[] NEWER_BMP = new boolean[0x10000];
    private static final int[][] NEWER = CodePointClasses.readRanges(
            "nfc-newer-than-library.txt", 2);

    /** Bit set over all code points of {@code nfc-not-inert.txt}. */
    private static final long[] NOT_INERT = new long[(Character.MAX_CODE_POINT + 1) / 64];

    static {
        for (final int[] range : CodePointClasses.readRanges("nfc-not-inert.txt", 2)) {
            for (int cp = range[0]; cp <= range[1]; cp++) {
                NOT_INERT[cp >>> 6] |= 1L << cp;
            }
        }
        for (final int[] range : NEWER) {
            for (int cp = range[0]; cp <= Math.min(range[1], 0xFFFF); cp++) {
                NEWER_BMP[cp] = true;
            }
        }
    }

    private LibraryNfc() {
    }

    /**
     * Whether the library's NFC leaves {@code text[start, end)} as it is. Text without any
     * code point that NFC may move or change (listed in {@code nfc-not-inert.txt}: ASCII,
     * kana, CJK ideographs, Hangul syllables, emoji, most letters) is answered by a table;
     * otherwise Java's check decides: text in Java's NFC is in the library's, whose older
     * tables only ever block more.
     */
    static boolean isNormalized(final String text, final int start, final int end) {
        for (int i = start; i < end; i++) {
            final char c = text.charAt(i);
            if (c >= FIRST_AFFECTED && !isInert(c, text, i, end)) {
                return Normalizer.isNormalized(CharBuffer.wrap(text, start, end),
                        Normalizer.Form.NFC);
            }
        }
        return true;
    }

    private static boolean isInert(final char c, final String text, final int i,
                                   final int end) {
        if (!Character.isSurrogate(c)) {
            return (NOT_INERT[c >>> 6] & (1L << c)) == 0;
        }
        if (Character.isHighSurrogate(c) && i + 1 < end
                && Character.isLowSurrogate(text.charAt(i + 1))) {
            final int cp = Character.toCodePoint(c, text.charAt(i + 1));
            return (NOT_INERT[cp >>> 6] & (1L << cp)) == 0;
        }
        // The low half of a pair was checked with its high half; a lone one is left alone.
        return Character.isLowSurrogate(c);
    }

    /** The library's NFC of the text (the same instance when nothing changes). */
    static String normalize(final String text) {
        if (isNormalized(text, 0, text.length())) {
            return text;
        }
        int cut = nextNewer(text, 0);
        if (cut < 0) {
            return Normalizer.isNormalized(text, Normalizer.Form.NFC)
                    ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
        }
        final StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (cut >= 0) {
            out.append(Normalizer.normalize(text.subSequence(start, cut), Normalizer.Form.NFC));
            final int cp = text.codePointAt(cut);
            out.appendCodePoint(cp);
            start = cut + Character.charCount(cp);
            cut = nextNewer(text, start);
        }
        out.append(Normalizer.normalize(text.subSequence(start, text.length()),
                Normalizer.Form.NFC));
        return out.toString();
    }

    private static int nextNewer(final String text, final int from) {
        for (int i = from; i < text.length(); ) {
            final int cp = text.codePointAt(i);
            if (isNewer(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** Whether Java knows the code point and the library's normalizer does not. */
    static boolean isNewer(final int cp) {
        if (cp < 0x10000) {
            return NEWER_BMP[cp];
        }
        int lo = 0;
        int hi = NEWER.length - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (NEWER[mid][1] < cp) {
                lo = mid + 1;
            } else if (NEWER[mid][0] > cp) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
