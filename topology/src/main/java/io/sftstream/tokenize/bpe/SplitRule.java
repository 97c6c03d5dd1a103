package io.sftstream.tokenize.bpe;

/**
 * One {@code Split} regex of a pre-tokenizer, written out as a scanner. Given the code points of
 * a piece and their {@link CodePointClasses class bits}, it says where the regex's match that
 * starts at a position ends, exactly as the library's backtracking engine (Oniguruma) would
 * choose it: alternatives in order, greedy quantifiers, and the end of the piece as the end of
 * the input (for {@code (?!\S)}). Stateless and thread-safe.
 */
interface SplitRule {

    /**
     * The end of the match starting at {@code pos}, or -1 when the regex does not match there.
     *
     * @param cps code points of the text
     * @param cls class bits of each code point
     * @param pos where the match must start ({@code pos < end})
     * @param end end of the piece
     */
    int matchEnd(int[] cps, byte[] cls, int pos, int end);
}
