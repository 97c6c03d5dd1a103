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

    /** One cached word. */
    static final class Entry {
        final byte[] word;
        final int hash;
        final int[] ids;
        final int[] starts;

        Entry(final byte[] word, final int hash, final int[] ids, final int[] starts) {
            this.word = word;
            this.hash = hash;
            this.ids = ids;
            this.starts = starts;
        }
    }

    private final Entry[] slots = new Entry[SLOTS];

    Entry get(final byte[] bytes, final int from, final int to, final int hash) {
        final Entry e = slots[hash & (SLOTS - 1)];
        if (e != null && e.hash == hash && e.word.length == to - from
                && Arrays.equals(e.word, 0, e.word.length, bytes, from, to)) {
            return e;
        }
        return null;
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
