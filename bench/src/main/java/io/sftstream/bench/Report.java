package io.sftstream.bench;

import io.sftstream.app.CoreSettings;
import io.sftstream.serdes.Reason;
import io.sftstream.tokenize.Preprocessor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    static final double MB = 1024.0 * 1024.0;

    private final PrintWriter out;
    private final List<String> targets = new ArrayList<>();
    private final List<Double> otherCores = new ArrayList<>();
    private Workload work;
    private long limitNanos;
    private long limitCpu;
    private final EndToEndReport endToEnd;

    Report(final PrintWriter out) {
        this.out = out;
        this.endToEnd = new EndToEndReport(this, out);
    }

    /** The end-to-end part of the report. */
    EndToEndReport endToEnd() {
        return endToEnd;
    }

    Workload work() {
        return work;
    }

    /** Adds a line to the targets of the footer. */
    void addTarget(final String line) {
        targets.add(line);
    }

    /** Notes the background load of a timed run, for the footer. */
    void noteOtherCores(final double cores) {
        otherCores.add(cores);
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
        out.printf("engine:    %s (%s); the limit encodes with the same engine%n",
                preprocessor.tokenizer().engine().engine().settingValue(),
                preprocessor.tokenizer().engine().reason());
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

    void tableHeader() {
        out.printf("  %-18s %11s %10s %8s %8s %8s %8s %9s %9s %7s%n", "stage", "records/s",
                "Mtokens/s", "x limit", "median", "CPU s", "CPU x", "RSS MB", "heap MB",
                "others");
    }

    void row(final String name, final List<Sample> samples, final long limit,
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

    void target(final String stage, final double ratio, final double goal) {
        targets.add(BenchMain.format("%s %.3f x limit: %s (target >= %.2f)", stage, ratio,
                ratio >= goal ? "met" : BenchMain.format("MISSED by %.3f", goal - ratio), goal));
    }

    static String cpu(final Map<String, Double> groups) {
        final StringBuilder sb = new StringBuilder();
        groups.forEach((group, seconds) -> sb.append(group).append(' ')
                .append(BenchMain.format("%.1f", seconds)).append(", "));
        return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
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
            case "djl" -> "limit with DJL";
            default -> stage;
        };
    }

    static long best(final List<Sample> samples) {
        return samples.stream().mapToLong(Sample::nanos).min().orElseThrow();
    }

    static double median(final double[] values) {
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
