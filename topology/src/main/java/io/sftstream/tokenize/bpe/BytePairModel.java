package io.sftstream.tokenize.bpe;

import java.util.Arrays;

/**
 * A byte-level BPE model: the id of every byte, the merges as a hash table from a pair of ids
 * to (rank, merged id), and the vocabulary as a table from token bytes to id. Immutable and
 * shared by all threads; {@link #encodeWord} works in the caller's {@link Scratch}.
 *
 * <p>Merging follows the library exactly: the pair with the lowest rank is merged first, and of
 * equal ranks the leftmost. Short words use a linear scan over an array of symbols (as
 * tiktoken does), long ones a heap of candidate merges over a linked list (as the library and
 * GitHub's {@code bpe} crate do), so that a run of thousands of identical bytes stays
 * O(n log n).
 */
final class BytePairModel {

    /** Words up to this many bytes are merged by the linear scan. */
    private static final int SCAN_LIMIT = 192;
    private static final long EMPTY = -1L;

    private final int[] byteIds;
    private final boolean ignoreMerges;
    // Merges: open addressing, key = left << 32 | right, value = rank << 32 | merged id.
    private final long[] mergeKeys;
    private final long[] mergeValues;
    private final int mergeMask;
    // Vocabulary: open addressing over the tokens' bytes.
    private final byte[] tokenBytes;
    private final int[] tokenStart;
    private final int[] tokenIds;
    private final int[] vocabSlots;
    private final int vocabMask;
    private final WordCache cache;

    BytePairModel(final int[] byteIds, final byte[][] vocabBytes, final int[] vocabIdsOfBytes,
                  final int[][] merges, final boolean ignoreMerges) {
        this.byteIds = byteIds.clone();
        this.ignoreMerges = ignoreMerges;
        final int mergeCapacity = Integer.highestOneBit(Math.max(16, merges.length * 2)) << 1;
        this.mergeKeys = new long[mergeCapacity];
        this.mergeValues = new long[mergeCapacity];
        Arrays.fill(mergeKeys, EMPTY);
        this.mergeMask = mergeCapacity - 1;
        for (int rank = 0; rank < merges.length; rank++) {
            putMerge(merges[rank][0], merges[rank][1], rank, merges[rank][2]);
        }
        int total = 0;
        for (final byte[] token : vocabBytes) {
            total += token.length;
        }
        this.tokenBytes = new byte[total];
        this.tokenStart = new int[vocabBytes.length + 1];
        this.tokenIds = vocabIdsOfBytes.clone();
        int at = 0;
        for (int i = 0; i < vocabBytes.length; i++) {
            tokenStart[i] = at;
            System.arraycopy(vocabBytes[i], 0, tokenBytes, at, vocabBytes[i].length);
            at += vocabBytes[i].length;
        }
        tokenStart[vocabBytes.length] = at;
        final int vocabCapacity = Integer.highestOneBit(Math.max(16, vocabBytes.length * 2)) << 1;
        this.vocabSlots = new int[vocabCapacity];
        Arrays.fill(vocabSlots, -1);
        this.vocabMask = vocabCapacity - 1;
        for (int i = 0; i < vocabBytes.length; i++) {
            int slot = hash(vocabBytes[i], 0, vocabBytes[i].length) & vocabMask;
            while (vocabSlots[slot] >= 0) {
                slot = (slot + 1) & vocabMask;
            }
            vocabSlots[slot] = i;
        }
        this.cache = new WordCache();
    }

    private void putMerge(final int left, final int right, final int rank, final int merged) {
        final long key = ((long) left << 32) | (right & 0xFFFFFFFFL);
        int slot = mix(key) & mergeMask;
        while (mergeKeys[slot] != EMPTY && mergeKeys[slot] != key) {
            slot = (slot + 1) & mergeMask;
        }
        // A pair listed twice keeps its last rank, as the library's map does.
        mergeKeys[slot] = key;
        mergeValues[slot] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    /** rank << 32 | merged id of the pair, or -1 when the pair does not merge. */
    private long merge(final int left, final int right) {
        final long key = ((long) left << 32) | (right & 0xFFFFFFFFL);
        int slot = mix(key) & mergeMask;
        while (true) {
            final long k = mergeKeys[slot];
            if (k == key) {
                return mergeValues[slot];
            }
            if (k == EMPTY) {
                return -1L;
            }
            slot = (slot + 1) & mergeMask;
        }
    }

    private static int mix(final long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    static int hash(final byte[] bytes, final int from, final int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** The vocabulary id of exactly these bytes, or -1. */
    int vocabId(final byte[] bytes, final int from, final int to, final int hash) {
        final int len = to - from;
        int slot = hash & vocabMask;
        while (true) {
            final int index = vocabSlots[slot];
            if (index < 0) {
                return -1;
            }
            final int start = tokenStart[index];
            if (tokenStart[index + 1] - start == len
                    && Arrays.equals(tokenBytes, start, start + len, bytes, from, to)) {
                return tokenIds[index];
            }
            slot = (slot + 1) & vocabMask;
        }
    }

    /**
     * Appends the ids of one pre-tokenized word (its UTF-8 bytes {@code word[from, to)}) to the
     * scratch output, each with the byte where it starts relative to {@code from}.
     */
    void encodeWord(final byte[] word, final int from, final int to, final Scratch s) {
        final int len = to - from;
        if (len == 1) {
            s.add(byteIds[word[from] & 0xFF], 0);
            return;
        }
        final int hash = hash(word, from, to);
        if (ignoreMerges) {
            final int id = vocabId(word, from, to, hash);
            if (id >= 0) {
                s.add(id, 0);
                return;
            }
        }
        final WordCache.Entry hit = cache.get(word, from, to, hash);
        if (hit != null) {
            for (int i = 0; i < hit.ids.length; i++) {
                s.add(hit.ids[i], hit.starts[i]);
            }
            return;
        }
        final int first = s.size();
        if (len <= SCAN_LIMIT) {
            mergeByScan(word, from, len, s);
        } else {
            mergeByHeap(word, from, len, s);
        }
        cache.put(word, from, to, hash, s, first);
    }

    private void mergeByScan(final byte[] word, final int from, final int len, final Scratch s) {
        final int[] sym = s.symbols(len);
        final int[] start = s.symbolStarts(len);
        final long[] pair = s.pairs(len);
        for (int i = 0; i < len; i++) {
            sym[i] = byteIds[word[from + i] & 0xFF];
            start[i] = i;
        }
        for (int i = 0; i + 1 < len; i++) {
            pair[i] = merge(sym[i], sym[i + 1]);
        }
        int n = len;
        while (n > 1) {
            int best = -1;
            long bestValue = Long.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                final long v = pair[i];
                if (v >= 0 && v < bestValue) {
                    bestValue = v;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            // Same rank means the same pair, hence the same merged id: comparing the packed
            // value compares ranks, and the first of equal ones is the leftmost.
            sym[best] = (int) bestValue;
            final int tail = n - best - 2;
            System.arraycopy(sym, best + 2, sym, best + 1, tail);
            System.arraycopy(start, best + 2, start, best + 1, tail);
            System.arraycopy(pair, best + 2, pair, best + 1, tail);
            n--;
            if (best > 0) {
                pair[best - 1] = merge(sym[best - 1], sym[best]);
            }
            if (best + 1 < n) {
                pair[best] = merge(sym[best], sym[best + 1]);
            } else {
                pair[best] = -1L;
            }
        }
        for (int i = 0; i < n; i++) {
            s.add(sym[i], start[i]);
        }
    }

    private void mergeByHeap(final byte[] word, final int from, final int len, final Scratch s) {
        final int[] sym = s.symbols(len);
        final int[] next = s.symbolStarts(len);
        final int[] prev = s.prev(len);
        final MergeHeap heap = s.heap(len);
        for (int i = 0; i < len; i++) {
            sym[i] = byteIds[word[from + i] & 0xFF];
            next[i] = i + 1 < len ? i + 1 : -1;
            prev[i] = i - 1;
        }
        for (int i = 0; i + 1 < len; i++) {
            final long v = merge(sym[i], sym[i + 1]);
            if (v >= 0) {
                heap.push(v >>> 32, i, (int) v);
            }
        }
        while (!heap.isEmpty()) {
            final long top = heap.pop();
            final int pos = MergeHeap.position(top);
            final int mergedId = heap.lastMergedId();
            if (sym[pos] < 0 || next[pos] < 0) {
                continue;
            }
            final int right = next[pos];
            final long current = merge(sym[pos], sym[right]);
            if (current < 0 || (int) current != mergedId) {
                continue;
            }
            sym[pos] = mergedId;
            sym[right] = -1;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
            }
            if (prev[pos] >= 0) {
                final long v = merge(sym[prev[pos]], sym[pos]);
                if (v >= 0) {
                    heap.push(v >>> 32, prev[pos], (int) v);
                }
            }
            if (next[pos] >= 0) {
                final long v = merge(sym[pos], sym[next[pos]]);
                if (v >= 0) {
                    heap.push(v >>> 32, pos, (int) v);
                }
            }
        }
        for (int i = 0; i >= 0; i = next[i]) {
            s.add(sym[i], i);
        }
    }
}
