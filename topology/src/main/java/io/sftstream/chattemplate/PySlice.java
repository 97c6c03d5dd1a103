package io.sftstream.chattemplate;

/** Python's {@code slice.indices}: the positions that {@code x[start:stop:step]} selects. */
final class PySlice {

    private PySlice() {
    }

    static int[] indices(final int length, final Long start, final Long stop, final Long step) {
        final long st = step == null ? 1 : step;
        if (st == 0) {
            throw new ChatTemplateException("ValueError: slice step cannot be zero");
        }
        final long lo;
        final long hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(start, length, 0, length);
            hi = stop == null ? length : clamp(stop, length, 0, length);
        } else {
            lo = start == null ? length - 1 : clamp(start, length, -1, length - 1);
            hi = stop == null ? -1 : clamp(stop, length, -1, length - 1);
        }
        final long count = st > 0 ? (hi > lo ? (hi - lo + st - 1) / st : 0)
                : (lo > hi ? (lo - hi - st - 1) / -st : 0);
        final int[] out = new int[(int) count];
        long i = lo;
        for (int k = 0; k < count; k++) {
            out[k] = (int) i;
            i += st;
        }
        return out;
    }

    private static long clamp(final long v, final int length, final long min, final long max) {
        long x = v < 0 ? v + length : v;
        if (x < min) {
            x = min;
        }
        if (x > max) {
            x = max;
        }
        return x;
    }
}
