package io.sftstream.tokenize.bpe;

import java.util.Arrays;

/**
 * Per-thread working memory of one encode call: the code points of the text and their classes,
 * the UTF-8 bytes of the current piece with the code point each byte belongs to, the merge
 * buffers and the ids produced so far with their code point spans. Grown as needed, never
 * shrunk; nothing in it outlives the call except through a copy.
 */
final class Scratch {

    int[] cps = new int[256];
    byte[] cls = new byte[256];
    byte[] utf8 = new byte[1024];
    int[] byteCp = new int[1024];

    final int[] match = new int[3];
    final int[] match2 = new int[3];
    private int[] cpByte = new int[256];
    private int[] charCp = new int[256];

    private int[] ids = new int[256];
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int size;
    private int wordBase;

    private int[] symbols = new int[64];
    private int[] symbolStarts = new int[64];
    private int[] prev = new int[64];
    private long[] pairs = new long[64];
    private final MergeHeap heap = new MergeHeap();

    /** Byte offset of each code point of the current piece (and one past the end). */
    int[] cpByte(final int n) {
        if (cpByte.length < n) {
            cpByte = new int[Math.max(n, cpByte.length * 2)];
        }
        return cpByte;
    }

    int[] cpByteArray() {
        return cpByte;
    }

    /** Records the code point index of every char index of the input (for offsets). */
    void indexCodePoints(final String text) {
        final int n = text.length();
        if (charCp.length < n + 1) {
            charCp = new int[Math.max(n + 1, charCp.length * 2)];
        }
        int cp = 0;
        for (int i = 0; i < n; i++) {
            charCp[i] = cp;
            if (!Character.isHighSurrogate(text.charAt(i)) || i + 1 == n
                    || !Character.isLowSurrogate(text.charAt(i + 1))) {
                cp++;
            }
        }
        charCp[n] = cp;
    }

    /** The code point index of a char index of the input (after {@link #indexCodePoints}). */
    int cpOf(final int charIndex) {
        return charCp[charIndex];
    }

    /** Gives the tokens from {@code first} on the span {@code [start, end)}. */
    void fixSpans(final int first, final int start, final int end) {
        for (int i = first; i < size; i++) {
            starts[i] = start;
            ends[i] = end;
        }
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    void ensureText(final int n) {
        if (cps.length < n) {
            cps = new int[Math.max(n, cps.length * 2)];
            cls = new byte[cps.length];
        }
    }

    void ensureBytes(final int n) {
        if (utf8.length < n) {
            utf8 = Arrays.copyOf(utf8, Math.max(n, utf8.length * 2));
            byteCp = Arrays.copyOf(byteCp, utf8.length);
        }
    }

    /** Starts a word whose bytes begin at {@code base} in {@link #utf8}. */
    void beginWord(final int base) {
        wordBase = base;
    }

    /** Appends a token of the current word that starts at byte {@code relativeStart}. */
    void add(final int id, final int relativeStart) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        ids[size] = id;
        starts[size] = wordBase + relativeStart;
        size++;
    }

    /** Appends an added token with its code point span. */
    void addWhole(final int id, final int cpStart, final int cpEnd) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        ids[size] = id;
        starts[size] = cpStart;
        ends[size] = cpEnd;
        size++;
    }

    /**
     * Turns the byte starts of the tokens from {@code first} on (one word ending at byte
     * {@code wordEnd}) into code point spans.
     */
    void finishWordOffsets(final int first, final int wordEnd, final int[] cpOfByte) {
        // Token i ends where token i + 1 starts: read before that start is converted.
        for (int i = first; i < size; i++) {
            final int endByte = i + 1 < size ? starts[i + 1] : wordEnd;
            starts[i] = cpOfByte[starts[i]];
            ends[i] = cpOfByte[endByte - 1] + 1;
        }
    }

    int[] idsFrom(final int first, final int n) {
        return Arrays.copyOfRange(ids, first, first + n);
    }

    int[] relativeStartsFrom(final int first, final int n) {
        final int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = starts[first + i] - wordBase;
        }
        return out;
    }

    int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    int[] starts() {
        return Arrays.copyOf(starts, size);
    }

    int[] ends() {
        return Arrays.copyOf(ends, size);
    }

    int[] symbols(final int n) {
        if (symbols.length < n) {
            symbols = new int[n * 2];
        }
        return symbols;
    }

    int[] symbolStarts(final int n) {
        if (symbolStarts.length < n) {
            symbolStarts = new int[n * 2];
        }
        return symbolStarts;
    }

    int[] prev(final int n) {
        if (prev.length < n) {
            prev = new int[n * 2];
        }
        return prev;
    }

    long[] pairs(final int n) {
        if (pairs.length < n) {
            pairs = new long[n * 2];
        }
        return pairs;
    }

    MergeHeap heap(final int n) {
        heap.clear();
        return heap;
    }
}
