package io.sftstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time by kind of thread between two snapshots: the stream threads (which run the
 * preprocessing step, the Serdes and the producer's record appends with compression), the
 * producers' and consumers' network threads, the broker, the benchmark itself, the JIT
 * compilers and the garbage collectors (read from /proc/self/task), and the rest of the
 * process's CPU time.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final boolean DEBUG = System.getenv("BENCH_THREAD_CPU") != null;

    private final Map<Long, Long> cpuById = new HashMap<>();
    private final Map<Long, String> nameById = new HashMap<>();
    private final long processCpu;
    /** CPU of the JVM's own threads from /proc/self/task: JIT compilers and GC. */
    private final long jitCpu;
    private final long gcCpu;

    private ThreadCpu() {
        for (final ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                final long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    cpuById.put(info.getThreadId(), cpu);
                    nameById.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        processCpu = OS.getProcessCpuTime();
        final long[] jvm = jvmThreads();
        jitCpu = jvm[0];
        gcCpu = jvm[1];
    }

    /** {JIT, GC} CPU nanos of this process's native JVM threads (Linux only, else 0). */
    private static long[] jvmThreads() {
        final long[] out = new long[2];
        final java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (final java.io.File task : tasks) {
            try {
                final String comm = java.nio.file.Files.readString(task.toPath().resolve("comm"))
                        .trim();
                final int kind = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                        ? 0 : comm.startsWith("GC Thread") || comm.startsWith("G1 ")
                        || comm.equals("VM Thread") ? 1 : -1;
                if (kind < 0) {
                    continue;
                }
                final String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the comm
                out[kind] += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
            } catch (final java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    static ThreadCpu snapshot() {
        return new ThreadCpu();
    }

    /**
     * CPU seconds by group since {@code before} (threads that ended in between are missing from
     * their group and counted under "JVM").
     */
    Map<String, Double> since(final ThreadCpu before) {
        return since(before, false);
    }

    /**
     * For an in-memory stage: its worker threads have ended by now, so their CPU time comes from
     * {@code timed} (each worker measured its own; -1 when unknown, as for file mode's pool,
     * whose threads are then in "other JVM").
     */
    Map<String, Double> since(final ThreadCpu before, final Parallel.Timed timed) {
        final Map<String, Double> groups = since(before, true);
        if (timed.workerCpuNanos() >= 0) {
            final double workers = timed.workerCpuNanos() / 1e9;
            groups.put("workers", workers);
            groups.computeIfPresent("other JVM", (k, v) -> Math.max(0, v - workers));
        }
        return groups;
    }

    private Map<String, Double> since(final ThreadCpu before, final boolean inMemory) {
        final Map<String, Double> groups = new LinkedHashMap<>();
        for (final String group : new String[] {"workers", "stream threads", "client I/O",
            "broker", "benchmark", "other Java", "JIT", "GC", "other JVM"}) {
            groups.put(group, 0.0);
        }
        double javaTotal = 0;
        for (final Map.Entry<Long, Long> e : cpuById.entrySet()) {
            final long delta = e.getValue() - before.cpuById.getOrDefault(e.getKey(), 0L);
            final double seconds = delta / 1e9;
            javaTotal += seconds;
            groups.merge(group(nameById.get(e.getKey())), seconds, Double::sum);
            if (DEBUG && seconds > 0.05) {
                System.err.printf("#   %6.2f s %s%n", seconds, nameById.get(e.getKey()));
            }
        }
        final double jit = (jitCpu - before.jitCpu) / 1e9;
        final double gc = (gcCpu - before.gcCpu) / 1e9;
        groups.put("JIT", jit);
        groups.put("GC", gc);
        groups.put("other JVM", Math.max(0, (processCpu - before.processCpu) / 1e9
                - javaTotal - jit - gc));
        final String[] optional = inMemory
                ? new String[] {"stream threads", "client I/O", "broker", "other Java"}
                : new String[] {"workers", "other Java"};
        for (final String group : optional) {
            if (groups.getOrDefault(group, 0.0) < 0.05) {
                groups.remove(group);
            }
        }
        return groups;
    }

    private static String group(final String name) {
        if (name.contains("StreamThread")) {
            return "stream threads";
        }
        if (name.startsWith("kafka-producer-network-thread")
                || name.startsWith("kafka-admin-client-thread")
                || name.startsWith("kafka-coordinator-heartbeat-thread")) {
            return "client I/O";
        }
        if (name.startsWith("bench-worker") || name.startsWith("sftstream-file-worker")) {
            return "workers";
        }
        if (name.startsWith("bench-") || name.equals("main")) {
            return "benchmark";
        }
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-")
                || name.contains("Txn") || name.contains("coordinator")
                || name.contains("controller") || name.contains("raft")
                || name.contains("Persister") || name.contains("ShareGroup")
                || name.startsWith("ExpirationReaper") || name.startsWith("broker-")
                || name.startsWith("LogDirFailureHandler") || name.startsWith("executor-")) {
            return "broker";
        }
        return "other Java";
    }
}
