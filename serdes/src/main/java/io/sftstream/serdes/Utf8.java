package io.sftstream.serdes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /**
     * Returns the offset of the first byte that is not part of a valid UTF-8 sequence, or -1 when
     * all of {@code bytes[0..length)} is valid UTF-8.
     */
    static int firstInvalid(final byte[] bytes, final int length) {
        int i = 0;
        while (i < length) {
            // Eight ASCII bytes at a time: most of a JSON record is ASCII.
            while (i + 8 <= length && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= length) {
                break;
            }
            final int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            final int lead = b & 0xFF;
            final int need;
            int min;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                // E0 needs A0..BF (no overlong); ED needs 80..9F (no surrogates).
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                // F0 needs 90..BF (no overlong); F4 needs 80..8F (at most U+10FFFF).
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            if (i + need >= length) {
                return i;
            }
            for (int k = 1; k <= need; k++) {
                final int c = bytes[i + k] & 0xFF;
                if (c < min || c > max) {
                    return i;
                }
                min = 0x80;
                max = 0xBF;
            }
            i += need + 1;
        }
        return -1;
    }
}
