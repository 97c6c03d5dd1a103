package io.sftstream.tokenize.bpe;

import java.util.Arrays;

/**
 * A binary min-heap of candidate merges ordered by (rank, position), the order in which the
 * library applies them, each carrying the id the merge produces. One per thread, reused.
 */
final class MergeHeap {

    private long[] keys = new long[64];
    private int[] merged = new int[64];
    private int size;
    private int lastMerged;

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(final long rank, final int position, final int mergedId) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            merged = Arrays.copyOf(merged, size * 2);
        }
        final long key = (rank << 32) | position;
        int i = size++;
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            merged[i] = merged[parent];
            i = parent;
        }
        keys[i] = key;
        merged[i] = mergedId;
    }

    /** Removes the smallest entry; its merged id is then {@link #lastMergedId()}. */
    long pop() {
        final long top = keys[0];
        lastMerged = merged[0];
        final long key = keys[--size];
        final int value = merged[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (keys[child] >= key) {
                break;
            }
            keys[i] = keys[child];
            merged[i] = merged[child];
            i = child;
        }
        if (size > 0) {
            keys[i] = key;
            merged[i] = value;
        }
        return top;
    }

    int lastMergedId() {
        return lastMerged;
    }

    static int position(final long key) {
        return (int) key;
    }
}
