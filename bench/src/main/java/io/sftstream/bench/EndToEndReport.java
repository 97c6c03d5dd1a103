package io.sftstream.bench;

import io.sftstream.topology.StreamsConfigs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The end-to-end part of the {@link Report}: throughput runs against the limit, the long-lived
 * app's laps, latency, scaling and Kafka-setting variants. Writes to the report's output and
 * adds its targets and background load to the report's footer.
 */
final class EndToEndReport {

    /** The target for the stream threads' CPU per record beyond the tokenizer's. */
    private static final double KAFKA_CPU_TARGET_MS = 0.08;

    private final Report report;
    private final PrintWriter out;
    private int partitions;
    private String format = "json";

    EndToEndReport(final Report report, final PrintWriter out) {
        this.report = report;
        this.out = out;
    }

    void throughput(final List<Report.Sample> limits, final List<EndToEnd.Run> runs,
                  final Map<String, String> overrides) {
        final long limit = Report.best(limits);
        final long cpu = limits.stream().mapToLong(s -> s.usage().cpuNanos()).min().orElse(0);
        final double[] ratios = new double[runs.size()];
        final double[] steadyRatios = new double[runs.size()];
        final List<Report.Sample> samples = new ArrayList<>();
        long steadyBest = Long.MAX_VALUE;
        for (int r = 0; r < runs.size(); r++) {
            ratios[r] = (double) limits.get(r).nanos() / runs.get(r).nanos();
            steadyRatios[r] = limits.get(r).nanos() * 0.8 / runs.get(r).steadyNanos();
            samples.add(new Report.Sample(runs.get(r).nanos(), runs.get(r).usage()));
            steadyBest = Math.min(steadyBest, runs.get(r).steadyNanos());
        }
        out.println();
        out.printf("End to end: in-process broker, %d partitions, exactly-once, %d stream "
                        + "threads, %d runs, the limit measured before each run%n",
                partitions, runs.get(0).threads(), runs.size());
        out.println("  settings: " + settings(overrides));
        report.tableHeader();
        report.row("limit", limits, limit, cpu, 1.0);
        report.row("end-to-end", samples, limit, cpu, Report.median(ratios));
        final double steadySeconds = steadyBest / 1e9 / 0.8;
        out.printf("  %-18s %,11.0f %10.3f %8.3f %8.3f   (10%%-90%% of the input offsets "
                        + "committed: no start-up, no uneven end)%n", "end-to-end steady",
                report.work().records() / steadySeconds,
                        report.work().outputTokens() / steadySeconds / 1e6,
                limit / 1e9 / steadySeconds, Report.median(steadyRatios));
        final EndToEnd.Run first = runs.get(0);
        out.printf("  committed %,d outputs (%,.1f MB) + %,d dead letters per run; all "
                        + "instances RUNNING after %.2f s%n", first.outputs(),
                first.outputBytes() / Report.MB, first.deadLetters(),
                runs.stream().mapToLong(EndToEnd.Run::runningNanos).min().orElse(0) / 1e9);
        for (int r = 0; r < runs.size(); r++) {
            final EndToEnd.Run run = runs.get(r);
            out.println("  metrics: " + Report.metrics(run.metrics()));
            out.println("  CPU s by threads: " + Report.cpu(run.cpuByThreads()));
            kafkaCpu("run " + (r + 1), run.cpuByThreads(), limits.get(r), limits.get(r),
                    report.work().records(), 1.0);
        }
        final double full = (double) limit / Report.best(samples);
        final double steady = limit / 1e9 / steadySeconds;
        report.target("end-to-end", full, 0.70);
        report.addTarget(BenchMain.format("end-to-end steady state %.3f x limit: %s (target >= "
                + "0.70)", steady, steady >= 0.70 ? "met"
                : BenchMain.format("MISSED by %.3f", 0.70 - steady)));
        out.flush();
    }

    /**
     * The long-lived app: each lap's rate against the mean of the limit runs measured just
     * before and just after it (the machine's speed drifts over the minutes the laps take).
     */
    void laps(final Report.Sample before, final Report.Sample after,
              final Report.Sample djlBefore, final Report.Sample djlAfter,
              final EndToEnd.Laps run, final int threads, final Map<String, String> overrides) {
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
        if (djlBefore != null && djlAfter != null) {
            final double djl = (djlBefore.nanos() + djlAfter.nanos()) / 2.0;
            lapRow("DJL limit before", djlBefore.nanos(), limit, "   (the same segments "
                    + "encoded with DJL)");
            lapRow("DJL limit after", djlAfter.nanos(), limit, "");
            out.printf("  last lap x DJL limit: %.3f%n", djl / laps[laps.length - 1]);
        }
        out.printf("  committed %,d outputs + %,d dead letters in all%n", run.outputs(),
                run.deadLetters());
        if (!run.lastLapCpu().isEmpty()) {
            out.println("  CPU s by threads, last lap: " + Report.cpu(run.lastLapCpu()));
            kafkaCpu("last lap", run.lastLapCpu(), before, after, report.work().records(),
                    1.0);
        }
        if (!run.lastLapWall().isEmpty()) {
            out.println("  where the stream threads were, last lap (wall-clock samples every "
                    + EndToEnd.WALL_SAMPLE_MILLIS + " ms, running, runnable or waiting):");
            run.lastLapWall().forEach((where, share) -> {
                if (share >= 0.005) {
                    out.printf("    %5.1f%%  %s%n", share * 100, where);
                }
            });
        }
        if (laps.length > 1) {
            final double ratio = limit / laps[laps.length - 1];
            // Generated records are long (about 700 tokens); real instruction data is short,
            // where the per-record Kafka work weighs most.
            final double target = report.work().data().generated() ? 0.90 : 0.85;
            report.addTarget(BenchMain.format("end-to-end long-lived app, last lap %.3f x "
                    + "limit: %s (target >= %.2f)", ratio, ratio >= target ? "met"
                    : BenchMain.format("MISSED by %.3f", target - ratio), target));
        }
        out.flush();
    }

    /**
     * The CPU that the stream threads spend on each record beyond the tokenizer's: their CPU
     * in the run minus the limit's worker CPU (the mean of the limit runs next to it; the limit
     * encodes exactly the same segments), per input record. The run went over {@code share}
     * times the data set's records (1 but for the latency run, which sends a number of records
     * that is not the data set's), so the tokenizer's CPU is the limit's scaled by that share.
     */
    private void kafkaCpu(final String what, final Map<String, Double> cpu,
                          final Report.Sample before, final Report.Sample after,
                          final long records, final double share) {
        final Double stream = cpu.get("stream threads");
        final Double limitBefore = before.cpuByThreads().get("workers");
        final Double limitAfter = after.cpuByThreads().get("workers");
        if (stream == null || limitBefore == null || limitAfter == null || records == 0) {
            return;
        }
        final double tokenizer = (limitBefore + limitAfter) / 2 * share;
        final double perRecordMs = (stream - tokenizer) * 1e3 / records;
        out.printf("  per-record Kafka CPU, %s: %.3f ms (stream threads %.2f s - tokenizer "
                + "%.2f s, over %,d records)%n", what, perRecordMs, stream, tokenizer, records);
        report.addTarget(BenchMain.format("per-record Kafka CPU, %s, %.3f ms: %s (target <= "
                + "%.2f ms)", what, perRecordMs, perRecordMs <= KAFKA_CPU_TARGET_MS ? "met"
                : BenchMain.format("MISSED by %.3f ms", perRecordMs - KAFKA_CPU_TARGET_MS),
                KAFKA_CPU_TARGET_MS));
    }

    private void lapRow(final String name, final long nanos, final double limitNanos,
                        final String note) {
        out.printf("  %-18s %,11.0f %10.3f %8.3f %8.2f%s%n", name,
                report.work().records() / (nanos / 1e9),
                        report.work().outputTokens() / (nanos / 1e9) / 1e6,
                limitNanos / nanos, nanos / 1e9, note);
    }

    /** The partitions of the end-to-end topics, for the headings. */
    void partitions(final int count) {
        partitions = count;
    }

    /** The app's output format, for the settings lines. */
    void format(final String name) {
        format = name;
    }

    void latency(final LatencyRun.Latency latency, final Map<String, String> overrides,
                 final Report.Sample limit) {
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
                latency.usage().peakRssBytes() / Report.MB,
                        latency.usage().peakHeapBytes() / Report.MB,
                latency.usage().otherCores());
        out.println("  settings: " + settings(overrides));
        out.println("  CPU s by threads: " + Report.cpu(latency.cpuByThreads()));
        kafkaCpu("latency run", latency.cpuByThreads(), limit, limit, latency.measured(),
                (double) latency.measured() / report.work().records());
        out.println("  metrics: " + Report.metrics(latency.metrics()));
        report.noteOtherCores(latency.usage().otherCores());
        final double p99 = latency.p99Nanos() / 1e6;
        report.addTarget(BenchMain.format("p99 latency %.1f ms at half load: %s (target <= 100 ms)",
                p99, p99 <= 100 ? "met" : BenchMain.format("MISSED by %.1f ms", p99 - 100)));
        out.flush();
    }

    void scaling(final Map<Integer, Report.Sample> limits, final List<EndToEnd.Run> runs,
                 final int threads) {
        out.println();
        out.println("Scaling, end to end (exactly-once, same data, fresh application id each):");
        out.printf("  %-28s %11s %11s %10s %10s %10s %8s%n", "configuration", "records/s",
                "Mtokens/s", "x limit(T)", "x limit(" + threads + ")", "steady(" + threads + ")",
                "CPU s");
        for (final Map.Entry<Integer, Report.Sample> limit : limits.entrySet()) {
            final long n = limit.getValue().nanos();
            out.printf("  %-28s %,11.0f %11.3f %10s %10.3f %10s %8.1f%n", "limit, "
                    + limit.getKey() + " threads", report.work().records() / (n / 1e9),
                    report.work().outputTokens() / (n / 1e9) / 1e6, "1.000",
                    (double) limits.get(threads).nanos() / n, "",
                    limit.getValue().usage().cpuNanos() / 1e9);
        }
        for (final EndToEnd.Run run : runs) {
            final int total = run.instances() * run.threads();
            final Report.Sample same = limits.getOrDefault(total, limits.get(threads));
            out.printf("  %-28s %,11.0f %11.3f %10.3f %10.3f %10.3f %8.1f%n", run.instances()
                            + " instance(s) x " + run.threads() + " thread(s)",
                    report.work().records() / (run.nanos() / 1e9),
                    report.work().outputTokens() / (run.nanos() / 1e9) / 1e6,
                    (double) same.nanos() / run.nanos(),
                    (double) limits.get(threads).nanos() / run.nanos(),
                    limits.get(threads).nanos() * 0.8 / run.steadyNanos(),
                    run.usage().cpuNanos() / 1e9);
            report.noteOtherCores(run.usage().otherCores());
        }
        out.flush();
    }

    void variants(final List<Map<String, String>> sets, final List<List<Report.Sample>> limits,
                  final List<List<EndToEnd.Run>> results) {
        out.println();
        out.println("End-to-end variants (each run preceded by a limit run; best of each):");
        out.printf("  %-62s %10s %8s %8s %8s %8s %8s %8s%n", "settings", "records/s",
                "x limit", "median", "steady", "CPU x", "commit", "poll");
        for (int v = 0; v < sets.size(); v++) {
            final List<EndToEnd.Run> runs = results.get(v);
            final List<Report.Sample> lim = limits.get(v);
            final long limit = Report.best(lim);
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
                report.noteOtherCores(runs.get(r).usage().otherCores());
            }
            final long minCpu = runs.stream().mapToLong(r -> r.usage().cpuNanos()).min()
                    .orElse(1);
            final long steady = runs.stream().mapToLong(EndToEnd.Run::steadyNanos).min()
                    .orElse(1);
            out.printf("  %-62s %,10.0f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f%n",
                    sets.get(v).isEmpty() ? "(sftstream defaults)" : sets.get(v).toString(),
                    report.work().records() / (bestNanos / 1e9), (double) limit / bestNanos,
                    Report.median(ratios), limit * 0.8 / steady, (double) cpu / minCpu,
                    bestRun.metrics().getOrDefault("commit-ratio", Double.NaN),
                    bestRun.metrics().getOrDefault("poll-ratio", Double.NaN));
            out.println("    CPU s by threads: " + Report.cpu(bestRun.cpuByThreads()));
        }
        out.flush();
    }

    private String settings(final Map<String, String> overrides) {
        final Object commit = overrides.getOrDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Integer.toString(StreamsConfigs.DEFAULT_COMMIT_INTERVAL_MS));
        return "output " + format + ", commit.interval.ms=" + commit
                + (overrides.isEmpty() ? " (sftstream defaults)" : ", overrides " + overrides);
    }

}
