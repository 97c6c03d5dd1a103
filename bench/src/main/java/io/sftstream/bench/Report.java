package io.sftstream.bench;

import io.sftstream.app.CoreSettings;
import io.sftstream.serdes.Reason;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.StreamsConfigs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Prints what the benchmark measured. Throughput is always per record and per token of the
 * whole data set (the same numerators for every stage), so a stage's ratio to the limit is the
 * limit's time divided by the stage's time. "best" uses each stage's fastest run (the one least
 * disturbed by other work), "median" the median of the ratios within each round; "CPU" compares
 * this process's CPU time, which background load on other processes does not inflate.
 */
final class Report {

    /**
     * One timed run of a stage.
     *
     * @param nanos wall time of the work
     * @param usage CPU, memory and background load meanwhile
     */
    record Sample(long nanos, Meter.Usage usage, Map<String, Double> cpuByThreads) {
        Sample(final long nanos, final Meter.Usage usage) {
            this(nanos, usage, Map.of());
        }
    }

    private static final double MB = 1024.0 * 1024.0;

    private final PrintWriter out;
    private final List<String> targets = new ArrayList<>();
    private final List<Double> otherCores = new ArrayList<>();
    private Workload work;
    private long limitNanos;
    private long limitCpu;
    private int partitions;

    Report(final PrintWriter out) {
        this.out = out;
    }

    void progress(final String message) {
        System.err.println("# " + message);
        System.err.flush();
    }

    void header(final DataSet data, final Workload work, final CoreSettings settings,
                final Preprocessor preprocessor, final int threads) {
        this.work = work;
        out.println("sftstream benchmark");
        out.printf("machine:   %d processors, %.1f GB RAM, Java %s, max heap %d MB, load average "
                        + "at start %s%n", Runtime.getRuntime().availableProcessors(),
                totalMemoryGb(), System.getProperty("java.version"),
                Meter.maxHeap() / (1024 * 1024), Meter.loadAverage());
        out.printf("tokenizer: %s (sha256 %s…), template %s, max-tokens %d, threads %d%n",
                preprocessor.tokenizer().source(),
                preprocessor.tokenizer().sha256Hex().substring(0, 12),
                settings.template().cliName(), settings.maxTokens(), threads);
        out.printf("data:      %s: %,d records, %,.1f MB; %,d accepted, %,d rejected %s%n",
                data.description(), data.size(), data.bytes() / MB, work.accepted(),
                work.rejectedTotal(), rejected(work.rejected()));
        out.printf("tokens:    %,d in the accepted records (%,d from encoding text segments), "
                        + "%,.0f per record; output JSON %,.1f MB%n", work.outputTokens(),
                work.segmentTokens(), (double) work.outputTokens() / Math.max(1, work.accepted()),
                work.outputJsonBytes() / MB);
        out.printf("lengths:   prompt tokens p10/p50/p90/p99/max %s; response tokens %s%n",
                quantiles(work.promptTokens()), quantiles(work.responseTokens()));
        out.flush();
    }

    void roundStages(final Map<String, List<Sample>> samples,
                     final Map<String, List<Sample>> pairedLimits, final int threads) {
        final List<Sample> limits = samples.get("limit");
        limitNanos = best(limits);
        limitCpu = limits.stream().mapToLong(s -> s.usage().cpuNanos()).min().orElse(0);
        out.println();
        out.printf("In memory and file, %d threads, %d rounds; every stage run is paired with a "
                + "limit run next to it (ratio = limit time / stage time)%n", threads, rounds(
                pairedLimits));
        out.println("  x limit: best stage run vs best limit run; median: median of the pairs; "
                + "CPU x: the same for CPU time");
        tableHeader();
        row("limit", limits, limitNanos, limitCpu, 1.0, 1.0);
        for (final Map.Entry<String, List<Sample>> entry : samples.entrySet()) {
            if (entry.getKey().equals("limit")) {
                continue;
            }
            final List<Sample> list = entry.getValue();
            final List<Sample> paired = pairedLimits.get(entry.getKey());
            final double[] ratios = new double[list.size()];
            final double[] cpuRatios = new double[list.size()];
            for (int r = 0; r < list.size(); r++) {
                ratios[r] = (double) paired.get(r).nanos() / list.get(r).nanos();
                cpuRatios[r] = (double) paired.get(r).usage().cpuNanos()
                        / list.get(r).usage().cpuNanos();
            }
            row(label(entry.getKey()), list, limitNanos, limitCpu, median(ratios),
                    median(cpuRatios));
            out.printf("  %-18s (pairs: %s)%n", "", pairs(ratios));
            if (entry.getKey().equals("step")) {
                target("step", median(ratios), 0.90);
            } else if (entry.getKey().equals("file")) {
                target("file", median(ratios), 0.85);
            }
        }
        final double[] times = limits.stream().mapToDouble(x -> x.nanos() / 1e9).sorted()
                .toArray();
        out.printf("  noise: the %d limit runs took %.2f to %.2f s (median %.2f s): the same work "
                        + "varied by %.0f%% over this run%n", times.length, times[0],
                times[times.length - 1], median(times),
                100 * (times[times.length - 1] - times[0]) / times[0]);
        out.flush();
    }

    private static String pairs(final double[] ratios) {
        final StringBuilder sb = new StringBuilder();
        for (final double r : ratios) {
            sb.append(sb.length() == 0 ? "" : " ").append(BenchMain.format("%.3f", r));
        }
        return sb.toString();
    }

    private static int rounds(final Map<String, List<Sample>> paired) {
        return paired.values().stream().mapToInt(List::size).max().orElse(0);
    }

    void single(final String name, final Sample sample, final String note) {
        row(name, List.of(sample), limitNanos, limitCpu, Double.NaN);
        out.println("  (" + note + ")");
        out.flush();
    }

    void endToEnd(final List<Sample> limits, final List<EndToEnd.Run> runs,
                  final Map<String, String> overrides) {
        final long limit = best(limits);
        final long cpu = limits.stream().mapToLong(s -> s.usage().cpuNanos()).min().orElse(0);
        final double[] ratios = new double[runs.size()];
        final double[] steadyRatios = new double[runs.size()];
        final List<Sample> samples = new ArrayList<>();
        long steadyBest = Long.MAX_VALUE;
        for (int r = 0; r < runs.size(); r++) {
            ratios[r] = (double) limits.get(r).nanos() / runs.get(r).nanos();
            steadyRatios[r] = limits.get(r).nanos() * 0.8 / runs.get(r).steadyNanos();
            samples.add(new Sample(runs.get(r).nanos(), runs.get(r).usage()));
            steadyBest = Math.min(steadyBest, runs.get(r).steadyNanos());
        }
        out.println();
        out.printf("End to end: in-process broker, %d partitions, exactly-once, %d stream "
                        + "threads, %d runs, the limit measured before each run%n",
                partitions, runs.get(0).threads(), runs.size());
        out.println("  settings: " + settings(overrides));
        tableHeader();
        row("limit", limits, limit, cpu, 1.0);
        row("end-to-end", samples, limit, cpu, median(ratios));
        final double steadySeconds = steadyBest / 1e9 / 0.8;
        out.printf("  %-18s %,11.0f %10.3f %8.3f %8.3f   (10%%-90%% of the input offsets "
                        + "committed: no start-up, no uneven end)%n", "end-to-end steady",
                work.records() / steadySeconds, work.outputTokens() / steadySeconds / 1e6,
                limit / 1e9 / steadySeconds, median(steadyRatios));
        final EndToEnd.Run first = runs.get(0);
        out.printf("  committed %,d outputs (%,.1f MB) + %,d dead letters per run; all "
                        + "instances RUNNING after %.2f s%n", first.outputs(),
                first.outputBytes() / MB, first.deadLetters(),
                runs.stream().mapToLong(EndToEnd.Run::runningNanos).min().orElse(0) / 1e9);
        for (final EndToEnd.Run run : runs) {
            out.println("  metrics: " + metrics(run));
            out.println("  CPU s by threads: " + cpu(run.cpuByThreads()));
        }
        final double full = (double) limit / best(samples);
        final double steady = limit / 1e9 / steadySeconds;
        target("end-to-end", full, 0.70);
        targets.add(BenchMain.format("end-to-end steady state %.3f x limit: %s (target >= "
                + "0.70)", steady, steady >= 0.70 ? "met"
                : BenchMain.format("MISSED by %.3f", 0.70 - steady)));
        out.flush();
    }

    /**
     * The long-lived app: each lap's rate against the mean of the limit runs measured just
     * before and just after it (the machine's speed drifts over the minutes the laps take).
     */
    void laps(final Sample before, final Sample after, final EndToEnd.Laps run,
              final int threads, final Map<String, String> overrides) {
        final long[] laps = run.lapNanos();
        final double limit = (before.nanos() + after.nanos()) / 2.0;
        out.println();
        out.printf("End to end, one long-lived app: the data set %d times through one "
                        + "instance (%d partitions, exactly-once, %d stream threads); the limit "
                        + "is the mean of a run before and a run after it%n", laps.length,
                partitions, threads);
        out.println("  settings: " + settings(overrides));
        out.printf("  %-18s %11s %10s %8s %8s%n", "lap", "records/s", "Mtokens/s", "x limit",
                "seconds");
        lapRow("limit before", before.nanos(), limit, "");
        lapRow("limit after", after.nanos(), limit, "");
        for (int k = 0; k < laps.length; k++) {
            lapRow("lap " + (k + 1), laps[k], limit, k == 0 ? "   (includes start-up)" : "");
        }
        out.printf("  committed %,d outputs + %,d dead letters in all%n", run.outputs(),
                run.deadLetters());
        if (!run.lastLapCpu().isEmpty()) {
            out.println("  CPU s by threads, last lap: " + cpu(run.lastLapCpu()));
        }
        if (laps.length > 1) {
            final double ratio = limit / laps[laps.length - 1];
            targets.add(BenchMain.format("end-to-end long-lived app, last lap %.3f x limit: %s "
                    + "(target >= 0.70)", ratio, ratio >= 0.70 ? "met"
                    : BenchMain.format("MISSED by %.3f", 0.70 - ratio)));
        }
        out.flush();
    }

    private void lapRow(final String name, final long nanos, final double limitNanos,
                        final String note) {
        out.printf("  %-18s %,11.0f %10.3f %8.3f %8.2f%s%n", name,
                work.records() / (nanos / 1e9), work.outputTokens() / (nanos / 1e9) / 1e6,
                limitNanos / nanos, nanos / 1e9, note);
    }

    /** The partitions of the end-to-end topics, for the headings. */
    void partitions(final int count) {
        partitions = count;
    }

    void latency(final LatencyRun.Latency latency, final Map<String, String> overrides) {
        out.println();
        out.printf("Latency at a fixed %.0f records/s (half the end-to-end maximum), %,d "
                + "records measured after the warm-up, produce to committed output:%n",
                latency.rate(), latency.measured());
        out.printf("  p10 %.1f ms, p90 %.1f ms; ", latency.p10Nanos() / 1e6,
                latency.p90Nanos() / 1e6);
        out.printf("p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; %d not seen; "
                        + "CPU %.1f cores; peak RSS %.0f MB, peak heap %.0f MB; other processes "
                        + "%.2f cores%n", latency.p50Nanos() / 1e6, latency.p99Nanos() / 1e6,
                latency.p999Nanos() / 1e6, latency.maxNanos() / 1e6, latency.lost(),
                (double) latency.usage().cpuNanos() / latency.usage().wallNanos(),
                latency.usage().peakRssBytes() / MB, latency.usage().peakHeapBytes() / MB,
                latency.usage().otherCores());
        out.println("  settings: " + settings(overrides));
        out.println("  CPU s by threads: " + cpu(latency.cpuByThreads()));
        out.println("  metrics: " + metrics(latency.metrics()));
        otherCores.add(latency.usage().otherCores());
        final double p99 = latency.p99Nanos() / 1e6;
        targets.add(BenchMain.format("p99 latency %.1f ms at half load: %s (target <= 100 ms)",
                p99, p99 <= 100 ? "met" : BenchMain.format("MISSED by %.1f ms", p99 - 100)));
        out.flush();
    }

    void scaling(final Map<Integer, Sample> limits, final List<EndToEnd.Run> runs,
                 final int threads) {
        out.println();
        out.println("Scaling, end to end (exactly-once, same data, fresh application id each):");
        out.printf("  %-28s %11s %11s %10s %10s %10s %8s%n", "configuration", "records/s",
                "Mtokens/s", "x limit(T)", "x limit(" + threads + ")", "steady(" + threads + ")",
                "CPU s");
        for (final Map.Entry<Integer, Sample> limit : limits.entrySet()) {
            final long n = limit.getValue().nanos();
            out.printf("  %-28s %,11.0f %11.3f %10s %10.3f %10s %8.1f%n", "limit, "
                    + limit.getKey() + " threads", work.records() / (n / 1e9),
                    work.outputTokens() / (n / 1e9) / 1e6, "1.000",
                    (double) limits.get(threads).nanos() / n, "",
                    limit.getValue().usage().cpuNanos() / 1e9);
        }
        for (final EndToEnd.Run run : runs) {
            final int total = run.instances() * run.threads();
            final Sample same = limits.getOrDefault(total, limits.get(threads));
            out.printf("  %-28s %,11.0f %11.3f %10.3f %10.3f %10.3f %8.1f%n", run.instances()
                            + " instance(s) x " + run.threads() + " thread(s)",
                    work.records() / (run.nanos() / 1e9),
                    work.outputTokens() / (run.nanos() / 1e9) / 1e6,
                    (double) same.nanos() / run.nanos(),
                    (double) limits.get(threads).nanos() / run.nanos(),
                    limits.get(threads).nanos() * 0.8 / run.steadyNanos(),
                    run.usage().cpuNanos() / 1e9);
            otherCores.add(run.usage().otherCores());
        }
        out.flush();
    }

    void variants(final List<Map<String, String>> sets, final List<List<Sample>> limits,
                  final List<List<EndToEnd.Run>> results) {
        out.println();
        out.println("End-to-end variants (each run preceded by a limit run; best of each):");
        out.printf("  %-62s %10s %8s %8s %8s %8s %8s %8s%n", "settings", "records/s",
                "x limit", "median", "steady", "CPU x", "commit", "poll");
        for (int v = 0; v < sets.size(); v++) {
            final List<EndToEnd.Run> runs = results.get(v);
            final List<Sample> lim = limits.get(v);
            final long limit = best(lim);
            final long cpu = lim.stream().mapToLong(s -> s.usage().cpuNanos()).min().orElse(0);
            final double[] ratios = new double[runs.size()];
            long bestNanos = Long.MAX_VALUE;
            EndToEnd.Run bestRun = null;
            for (int r = 0; r < runs.size(); r++) {
                ratios[r] = (double) lim.get(r).nanos() / runs.get(r).nanos();
                if (runs.get(r).nanos() < bestNanos) {
                    bestNanos = runs.get(r).nanos();
                    bestRun = runs.get(r);
                }
                otherCores.add(runs.get(r).usage().otherCores());
            }
            final long minCpu = runs.stream().mapToLong(r -> r.usage().cpuNanos()).min()
                    .orElse(1);
            final long steady = runs.stream().mapToLong(EndToEnd.Run::steadyNanos).min()
                    .orElse(1);
            out.printf("  %-62s %,10.0f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f%n",
                    sets.get(v).isEmpty() ? "(sftstream defaults)" : sets.get(v).toString(),
                    work.records() / (bestNanos / 1e9), (double) limit / bestNanos,
                    median(ratios), limit * 0.8 / steady, (double) cpu / minCpu,
                    bestRun.metrics().getOrDefault("commit-ratio", Double.NaN),
                    bestRun.metrics().getOrDefault("poll-ratio", Double.NaN));
            out.println("    CPU s by threads: " + cpu(bestRun.cpuByThreads()));
        }
        out.flush();
    }

    void heap(final long liveAfterGc) {
        out.printf("%nMemory: max heap %d MB; heap live after a full GC at the end %.0f MB "
                        + "(this includes the benchmark's own copy of the records and "
                        + "segments)%n", Meter.maxHeap() / (1024 * 1024), liveAfterGc / MB);
        out.flush();
    }

    void footer() {
        out.println();
        out.println("Targets:");
        for (final String target : targets) {
            out.println("  " + target);
        }
        final double others = otherCores.stream().mapToDouble(Double::doubleValue).average()
                .orElse(0);
        out.printf("Background: other processes used %.2f cores on average during the timed "
                        + "stages (%s); load average at the end %s%n", others,
                others > 0.25 ? "the machine was busy; trust the ratios and CPU columns more "
                        + "than absolute rates" : "the machine was quiet",
                Meter.loadAverage());
        out.flush();
    }

    private void tableHeader() {
        out.printf("  %-18s %11s %10s %8s %8s %8s %8s %9s %9s %7s%n", "stage", "records/s",
                "Mtokens/s", "x limit", "median", "CPU s", "CPU x", "RSS MB", "heap MB",
                "others");
    }

    private void row(final String name, final List<Sample> samples, final long limit,
                     final long cpu, final double median) {
        row(name, samples, limit, cpu, median, Double.NaN);
    }

    private void row(final String name, final List<Sample> samples, final long limit,
                     final long cpu, final double median, final double cpuMedian) {
        final long best = best(samples);
        final Sample fastest = samples.stream().filter(s -> s.nanos() == best).findFirst()
                .orElseThrow();
        final long minCpu = samples.stream().mapToLong(s -> s.usage().cpuNanos()).min()
                .orElse(0);
        final long rss = samples.stream().mapToLong(s -> s.usage().peakRssBytes()).max()
                .orElse(0);
        final long heap = samples.stream().mapToLong(s -> s.usage().peakHeapBytes()).max()
                .orElse(0);
        final double others = samples.stream().mapToDouble(s -> s.usage().otherCores())
                .average().orElse(0);
        otherCores.add(others);
        final double seconds = best / 1e9;
        out.printf("  %-18s %,11.0f %10.3f %8.3f %8s %8.1f %8.3f %9.0f %9.0f %7.2f%n", name,
                work.records() / seconds, work.outputTokens() / seconds / 1e6,
                (double) limit / best, Double.isNaN(median) ? "" : BenchMain.format("%.3f",
                        median), minCpu / 1e9, Double.isNaN(cpuMedian)
                        ? (cpu == 0 ? 0 : (double) cpu / minCpu) : cpuMedian, rss / MB,
                heap / MB, others);
        if (!fastest.cpuByThreads().isEmpty()) {
            out.printf("  %-18s (CPU s of the fastest run: %s)%n", "",
                    cpu(fastest.cpuByThreads()));
        }
        if (fastest.usage().gcNanos() > best / 20) {
            out.printf("  %-18s (GC took %.1f s of it)%n", "", fastest.usage().gcNanos() / 1e9);
        }
    }

    private void target(final String stage, final double ratio, final double goal) {
        targets.add(BenchMain.format("%s %.3f x limit: %s (target >= %.2f)", stage, ratio,
                ratio >= goal ? "met" : BenchMain.format("MISSED by %.3f", goal - ratio), goal));
    }

    static String cpu(final Map<String, Double> groups) {
        final StringBuilder sb = new StringBuilder();
        groups.forEach((group, seconds) -> sb.append(group).append(' ')
                .append(BenchMain.format("%.1f", seconds)).append(", "));
        return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
    }

    /** The Streams and producer metrics of a run, in a line. */
    static String metrics(final EndToEnd.Run run) {
        return metrics(run.metrics());
    }

    static String metrics(final Map<String, Double> metrics) {
        final StringBuilder sb = new StringBuilder();
        metrics.forEach((name, value) -> sb.append(name.replace("-ns-total", " s")
                .replace("-total", "")).append('=').append(name.endsWith("-ns-total")
                ? BenchMain.format("%.2f", value / 1e9) : BenchMain.format("%.3g", value))
                .append(' '));
        return sb.toString().trim();
    }

    private static String label(final String stage) {
        return switch (stage) {
            case "batch" -> "limit (batchEncode)";
            default -> stage;
        };
    }

    private static String settings(final Map<String, String> overrides) {
        final Object commit = overrides.getOrDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Integer.toString(StreamsConfigs.DEFAULT_COMMIT_INTERVAL_MS));
        return "commit.interval.ms=" + commit + (overrides.isEmpty() ? " (sftstream defaults)"
                : ", overrides " + overrides);
    }

    private static long best(final List<Sample> samples) {
        return samples.stream().mapToLong(Sample::nanos).min().orElseThrow();
    }

    private static double median(final double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String quantiles(final int[] sorted) {
        return BenchMain.format("%d/%d/%d/%d/%d", Workload.quantile(sorted, 0.1),
                Workload.quantile(sorted, 0.5), Workload.quantile(sorted, 0.9),
                Workload.quantile(sorted, 0.99), Workload.quantile(sorted, 1.0));
    }

    private static String rejected(final Map<Reason, Integer> rejected) {
        return rejected.isEmpty() ? "" : rejected.toString().replace('=', ' ');
    }

    private static double totalMemoryGb() {
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 1e9;
    }
}
