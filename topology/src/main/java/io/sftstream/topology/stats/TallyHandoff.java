package io.sftstream.topology.stats;

/**
 * Tells the stats tally whether the record it is forwarding was sent to the DLQ by an exception
 * handler on the way. Kafka Streams calls a handler on the stream thread, inside the forward of
 * the node that failed, and then goes on: without this the tally would count such a record as
 * accepted (or with its first reason) while its DLQ record says {@code PROCESSING_ERROR}.
 *
 * <p>State is per thread: the tally {@link #enter enters} before forwarding and {@link #exit
 * exits} after; a handler {@link #claim claims} the record when a forward is under way on its
 * thread. A handler that runs anywhere else (an exception before the tally, a send error reported
 * on the producer's I/O thread) gets {@code false} and must account for the record itself.
 */
public final class TallyHandoff {

    private static final int IDLE = 0;
    private static final int FORWARDING = 1;
    private static final int CLAIMED = 2;

    private static final ThreadLocal<int[]> STATE = ThreadLocal.withInitial(() -> new int[1]);

    private TallyHandoff() {
    }

    public static void enter() {
        STATE.get()[0] = FORWARDING;
    }

    /** Ends the forward; true when a handler claimed the record meanwhile. */
    public static boolean exit() {
        final int[] state = STATE.get();
        final boolean claimed = state[0] == CLAIMED;
        state[0] = IDLE;
        return claimed;
    }

    /** True, and the tally counts the record as {@code PROCESSING_ERROR}, when it is forwarding. */
    public static boolean claim() {
        final int[] state = STATE.get();
        if (state[0] == IDLE) {
            return false;
        }
        state[0] = CLAIMED;
        return true;
    }
}
