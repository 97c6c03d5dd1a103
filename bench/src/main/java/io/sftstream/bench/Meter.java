package io.sftstream.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures a stage besides its wall time: this process's CPU time, the CPU time that other
 * processes used meanwhile (all CPU time in /proc/stat minus ours: how busy the machine was),
 * the peak resident set size (VmHWM, reset before the stage through /proc/self/clear_refs where
 * the kernel allows it), the peak heap use (sampled every 10 ms from the memory MXBeans) and
 * the garbage collectors' time. Linux only for RSS and background CPU; elsewhere they read 0.
 */
final class Meter implements AutoCloseable {

    /**
     * What a stage used.
     *
     * @param wallNanos       wall time
     * @param cpuNanos        CPU time of this process (all threads: workers, GC, JIT, broker)
     * @param otherCpuNanos   CPU time of every other process on the machine meanwhile
     * @param peakRssBytes    VmHWM at the end (since the reset, or since the JVM started)
     * @param rssReset        whether VmHWM was reset before the stage
     * @param peakHeapBytes   the highest sampled heap use
     * @param gcNanos         time the garbage collectors reported
     */
    record Usage(long wallNanos, long cpuNanos, long otherCpuNanos, long peakRssBytes,
                 boolean rssReset, long peakHeapBytes, long gcNanos) {

        /** Average number of cores other processes kept busy. */
        double otherCores() {
            return wallNanos == 0 ? 0 : (double) otherCpuNanos / wallNanos;
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final long startWall = System.nanoTime();
    private final long startCpu = OS.getProcessCpuTime();
    private final long startAllCpu = allCpuNanos();
    private final long startGc = gcNanos();
    private final boolean rssReset = resetPeakRss();
    private final Thread sampler;
    private volatile long peakHeap;
    private volatile boolean running = true;

    private Meter() {
        peakHeap = heapUsed();
        sampler = new Thread(() -> {
            while (running) {
                final long used = heapUsed();
                if (used > peakHeap) {
                    peakHeap = used;
                }
                try {
                    Thread.sleep(10);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static Meter start() {
        return new Meter();
    }

    Usage stop() {
        final long wall = System.nanoTime() - startWall;
        final long cpu = OS.getProcessCpuTime() - startCpu;
        final long all = allCpuNanos() - startAllCpu;
        running = false;
        sampler.interrupt();
        return new Usage(wall, cpu, Math.max(0, all - cpu), peakRssBytes(), rssReset,
                Math.max(peakHeap, heapUsed()), gcNanos() - startGc);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    static long heapUsed() {
        long used = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** Heap in use after a full collection: what the process really keeps. */
    static long liveHeapAfterGc() {
        System.gc();
        return heapUsed();
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    private static long gcNanos() {
        long millis = 0;
        final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (final GarbageCollectorMXBean gc : gcs) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis * 1_000_000L;
    }

    /** VmHWM of this process, in bytes; 0 where /proc is not there. */
    static long peakRssBytes() {
        return statusKb("VmHWM:") * 1024;
    }

    private static long statusKb(final String key) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+). */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }

    /** CPU time of the whole machine (all processes, all cores) from /proc/stat. */
    private static long allCpuNanos() {
        try {
            final String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            final String[] f = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (final int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy * NANOS_PER_TICK;
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The load averages, for the report header. */
    static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (final IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
