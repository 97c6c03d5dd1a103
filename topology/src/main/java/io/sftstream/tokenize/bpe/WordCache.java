package io.sftstream.tokenize.bpe;

import java.util.Arrays;

/**
 * A bounded cache of merged words: a direct-mapped table of immutable entries (word bytes →
 * ids and token starts), shared by all threads without locks. A slot holds the last word that
 * hashed to it; a racing reader sees either an old entry or a new one, both complete (their
 * fields are final). Only words of up to {@link #MAX_WORD} bytes are kept.
 */
final class WordCache {

    static final int MAX_WORD = 64;
    private static final int SLOTS = 1 << 14;

    /**
     * One cached word. Its length and first eight bytes are kept in the entry itself, so that
     * a lookup of a word of up to eight bytes (most words) compares fields of the one object it
     * loads instead of following a second reference to the word's array.
     */
    static final class Entry {
        final byte[] word;
        final int hash;
        final int length;
        final long head;
        final int[] ids;
        final int[] starts;

        Entry(final byte[] word, final int hash, final int[] ids, final int[] starts) {
            this.word = word;
            this.hash = hash;
            this.length = word.length;
            this.head = head(word, 0, word.length);
            this.ids = ids;
            this.starts = starts;
        }
    }

    private final Entry[] slots = new Entry[SLOTS];

    Entry get(final byte[] bytes, final int from, final int to, final int hash) {
        final Entry e = slots[hash & (SLOTS - 1)];
        final int length = to - from;
        if (e != null && e.hash == hash && e.length == length
                && e.head == head(bytes, from, to)
                && (length <= Long.BYTES
                || Arrays.equals(e.word, Long.BYTES, length, bytes, from + Long.BYTES, to))) {
            return e;
        }
        return null;
    }

    /** The first (up to) eight bytes of {@code bytes[from, to)}, little-endian, zero-filled. */
    static long head(final byte[] bytes, final int from, final int to) {
        final int n = Math.min(Long.BYTES, to - from);
        long head = 0;
        for (int i = 0; i < n; i++) {
            head |= (bytes[from + i] & 0xFFL) << (i << 3);
        }
        return head;
    }

    /** Caches the tokens that the scratch holds from {@code first} on for this word. */
    void put(final byte[] bytes, final int from, final int to, final int hash, final Scratch s,
             final int first) {
        if (to - from > MAX_WORD) {
            return;
        }
        final int n = s.size() - first;
        slots[hash & (SLOTS - 1)] = new Entry(Arrays.copyOfRange(bytes, from, to), hash,
                s.idsFrom(first, n), s.relativeStartsFrom(first, n));
    }
}
