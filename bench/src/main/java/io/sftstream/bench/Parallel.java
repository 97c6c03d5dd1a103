package io.sftstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task over the indices {@code [0, n)} on a fixed number of threads that take chunks of
 * consecutive indices from a shared counter (so that a slow chunk does not leave a thread idle),
 * and times it from the moment all threads are released until the last one finishes.
 */
final class Parallel {

    /** Works on {@code [from, to)} and returns something to sum (keeps the JIT honest). */
    @FunctionalInterface
    interface RangeTask {
        long run(int from, int to) throws Exception;
    }

    /**
     * The result of a run.
     *
     * @param nanos elapsed wall time
     * @param sum   the sum of what the tasks returned
     */
    record Timed(long nanos, long sum, long workerCpuNanos) {
        Timed(final long nanos, final long sum) {
            this(nanos, sum, -1);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private Parallel() {
    }

    static Timed run(final int threads, final int n, final int chunk, final RangeTask task)
            throws InterruptedException {
        final AtomicInteger next = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch ready = new CountDownLatch(threads);
        final CountDownLatch go = new CountDownLatch(1);
        final long[] sums = new long[threads];
        final long[] cpus = new long[threads];
        final List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            final int slot = t;
            final Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    final long cpu0 = THREADS.getCurrentThreadCpuTime();
                    long sum = 0;
                    int from;
                    while ((from = next.getAndAdd(chunk)) < n && failure.get() == null) {
                        sum += task.run(from, Math.min(n, from + chunk));
                    }
                    sums[slot] = sum;
                    cpus[slot] = THREADS.getCurrentThreadCpuTime() - cpu0;
                } catch (final Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-worker-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        final long start = System.nanoTime();
        go.countDown();
        for (final Thread worker : workers) {
            worker.join();
        }
        final long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("a benchmark worker failed", failure.get());
        }
        long sum = 0;
        long cpu = 0;
        for (int t = 0; t < threads; t++) {
            sum += sums[t];
            cpu += cpus[t];
        }
        return new Timed(nanos, sum, cpu);
    }
}
