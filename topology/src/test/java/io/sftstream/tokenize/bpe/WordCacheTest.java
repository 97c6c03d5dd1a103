package io.sftstream.tokenize.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The word cache finds a word only under its exact bytes: a word that differs in any one
 * byte, with the same hash and length, is a miss, whether the byte is within the first eight
 * (compared in the entry) or after them (compared in the array).
 */
class WordCacheTest {

    private static final int HASH = 12345;

    @Test
    void shouldHitOnlyTheExactBytesOfEveryLength() {
        for (int length = 2; length <= WordCache.MAX_WORD; length++) {
            final byte[] word = word(length);
            final WordCache cache = cached(word);
            final byte[] padded = new byte[length + 6];
            System.arraycopy(word, 0, padded, 3, length);
            final WordCache.Entry hit = cache.get(padded, 3, 3 + length, HASH);
            assertNotNull(hit, "length " + length);
            assertArrayEquals(new int[] {7, 9}, hit.ids);
            assertArrayEquals(new int[] {0, 1}, hit.starts);
            for (int k = 0; k < length; k++) {
                final byte[] other = padded.clone();
                other[3 + k] ^= 0x20;
                assertNull(cache.get(other, 3, 3 + length, HASH), "length " + length
                        + ", byte " + k + " differs");
            }
            assertNull(cache.get(padded, 3, 2 + length, HASH), "shorter, length " + length);
        }
    }

    @Test
    void shouldTellWordsApartThatDifferOnlyByATrailingZeroByte() {
        final byte[] word = "ab".getBytes(StandardCharsets.UTF_8);
        final WordCache cache = cached(word);
        assertNull(cache.get(new byte[] {'a', 'b', 0}, 0, 3, HASH));
        assertNotNull(cache.get(new byte[] {'a', 'b', 0}, 0, 2, HASH));
    }

    private static WordCache cached(final byte[] word) {
        final WordCache cache = new WordCache();
        final Scratch scratch = new Scratch();
        scratch.add(7, 0);
        scratch.add(9, 1);
        cache.put(word, 0, word.length, HASH, scratch, 0);
        return cache;
    }

    private static byte[] word(final int length) {
        final byte[] word = new byte[length];
        for (int i = 0; i < length; i++) {
            word[i] = (byte) ('a' + i % 26);
        }
        return word;
    }
}
