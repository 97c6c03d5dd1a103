package io.sftstream.bench;

import io.sftstream.serdes.OutputFormat;
import io.sftstream.tokenize.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the stages in a fixed pattern and hands every measurement to the {@link Report}: one
 * warm-up round, then timed rounds in rotating order (so that a burst of background load does
 * not always hit the same stage); the limit is measured again right before every end-to-end run.
 */
final class Runner {

    /** The in-memory and file stages, in their round order. */
    static final List<String> ROUND_STAGES = List.of("limit", "djl", "batch", "step", "file");

    private final Report report;
    private final Workload work;
    private final Preprocessor preprocessor;
    private final RawTokenizer raw;
    private final int threads;
    private final int rounds;
    private final int partitions;
    private final Map<String, String> overrides;
    private final OutputFormat format;
    private Path dir;
    private Path jsonl;

    Runner(final Report report, final Workload work, final Preprocessor preprocessor,
           final RawTokenizer raw, final int threads, final int rounds, final int partitions,
           final Map<String, String> overrides, final OutputFormat format) {
        this.report = report;
        this.work = work;
        this.preprocessor = preprocessor;
        this.raw = raw;
        this.threads = threads;
        this.rounds = rounds;
        this.partitions = partitions;
        this.overrides = overrides;
        this.format = format;
    }

    /**
     * Warm-up (each stage once), then per round each chosen stage paired with a limit run right
     * before or after it (alternating): the machine this runs on changes speed by tens of per
     * cent within minutes when its neighbours get busy, so a stage is compared with the limit
     * measured next to it, and the median of those pairs is the figure to trust.
     */
    void inMemory(final List<String> chosen) throws Exception {
        final List<String> stages = new ArrayList<>();
        for (final String stage : ROUND_STAGES) {
            if (!stage.equals("limit") && chosen.contains(stage)) {
                stages.add(stage);
            }
        }
        if (stages.isEmpty()) {
            return;
        }
        report.progress("warm-up: limit, " + String.join(", ", stages));
        measure("limit", threads);
        for (final String stage : stages) {
            measure(stage, threads);
        }
        final Map<String, List<Report.Sample>> samples = new LinkedHashMap<>();
        final Map<String, List<Report.Sample>> pairedLimits = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < stages.size(); k++) {
                final String stage = stages.get((k + r) % stages.size());
                final boolean limitFirst = (r + k) % 2 == 0;
                final Report.Sample before = limitFirst ? measure("limit", threads) : null;
                final Report.Sample sample = measure(stage, threads);
                final Report.Sample limit = limitFirst ? before : measure("limit", threads);
                samples.computeIfAbsent(stage, s -> new ArrayList<>()).add(sample);
                pairedLimits.computeIfAbsent(stage, s -> new ArrayList<>()).add(limit);
                samples.computeIfAbsent("limit", s -> new ArrayList<>()).add(limit);
                report.progress(BenchMain.format("round %d/%d %-6s %6.2f s, limit next to it "
                        + "%6.2f s", r + 1, rounds, stage, sample.nanos() / 1e9,
                        limit.nanos() / 1e9));
            }
        }
        report.roundStages(samples, pairedLimits, threads);
    }

    private Report.Sample measure(final String stage, final int workers) throws Exception {
        final ThreadCpu cpu = ThreadCpu.snapshot();
        final Meter meter = Meter.start();
        final Parallel.Timed timed;
        switch (stage) {
            case "limit" -> timed = Stages.limit(work, preprocessor.tokenizer(), workers);
            case "djl" -> timed = Stages.limitLibrary(work, preprocessor.tokenizer(), workers);
            case "batch" -> timed = Stages.limitBatch(work, raw, workers);
            case "step" -> timed = Stages.step(work, preprocessor, workers);
            case "file" -> timed = Stages.file(jsonl(), dir, preprocessor, workers);
            default -> throw new IllegalArgumentException("no stage " + stage);
        }
        final Meter.Usage usage = meter.stop();
        final Map<String, Double> byThreads = ThreadCpu.snapshot().since(cpu, timed);
        check(stage, timed);
        return new Report.Sample(timed.nanos(), usage, byThreads);
    }

    private void check(final String stage, final Parallel.Timed timed) {
        final long expected = switch (stage) {
            case "limit", "djl", "batch" -> work.segmentTokens();
            case "step" -> work.outputJsonBytes();
            case "file" -> work.accepted();
            default -> timed.sum();
        };
        if (timed.sum() != expected) {
            throw new IllegalStateException(stage + " produced " + timed.sum() + ", expected "
                    + expected);
        }
    }

    private Path jsonl() throws IOException {
        if (jsonl == null) {
            dir = Files.createTempDirectory("sftstream-bench-");
            dir.toFile().deleteOnExit();
            jsonl = dir.resolve("input.jsonl");
            work.data().writeJsonLines(jsonl);
            jsonl.toFile().deleteOnExit();
        }
        return jsonl;
    }

    /** {@code sftstream file} through its command line, tokenizer loading included. */
    void cli(final List<String> coreArgs) throws Exception {
        final Path in = jsonl();
        report.progress("sftstream file (command line, including tokenizer load)");
        final Meter meter = Meter.start();
        final long start = System.nanoTime();
        BenchMain.runFileCommand(coreArgs, in, dir, threads);
        final long nanos = System.nanoTime() - start;
        report.single("file (CLI)", new Report.Sample(nanos, meter.stop()),
                "`sftstream file` via its command line, tokenizer load included");
    }

    /**
     * The end-to-end runs; then, when {@code laps} is above 0, one long-lived app over the data
     * set {@code laps} times; then optionally the latency run and the scaling table.
     */
    void endToEnd(final int warmup, final int runs, final int laps, final boolean djlLimit,
                  final boolean latency,
                  final double latencyRate, final int latencyWarmup, final int latencySeconds,
                  final boolean scaling)
            throws Exception {
        report.progress("starting the in-process broker and preloading "
                + work.records() + " records");
        final long start = System.nanoTime();
        report.endToEnd().partitions(partitions);
        report.endToEnd().format(format.cliName());
        try (EndToEnd e2e = EndToEnd.start(preprocessor, work.data(), partitions, format)) {
            report.progress(BenchMain.format("preloaded in %.1f s", (System.nanoTime() - start)
                    / 1e9));
            for (int r = 0; r < warmup; r++) {
                final EndToEnd.Run run = e2e.run(1, threads, overrides);
                report.progress(BenchMain.format("end-to-end warm-up %d/%d: %.2f s", r + 1,
                        warmup, run.nanos() / 1e9));
                check(run);
            }
            final List<Report.Sample> limits = new ArrayList<>();
            final List<EndToEnd.Run> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                limits.add(measure("limit", threads));
                final EndToEnd.Run run = e2e.run(1, threads, overrides);
                report.progress(BenchMain.format("end-to-end run %d/%d: %.2f s (RUNNING after "
                        + "%.2f s)", r + 1, runs, run.nanos() / 1e9, run.runningNanos() / 1e9));
                check(run);
                results.add(run);
            }
            if (!results.isEmpty()) {
                report.endToEnd().throughput(limits, results, overrides);
            }
            if (laps > 0) {
                final Report.Sample djlBefore = djlLimit ? measure("djl", threads) : null;
                final Report.Sample before = measure("limit", threads);
                report.progress(BenchMain.format("one app over the data set %d times", laps));
                final EndToEnd.Laps run = e2e.laps(laps, threads, overrides);
                final Report.Sample after = measure("limit", threads);
                final Report.Sample djlAfter = djlLimit ? measure("djl", threads) : null;
                if (run.outputs() != (long) work.accepted() * laps
                        || run.outputs() + run.deadLetters() != (long) work.records() * laps) {
                    throw new IllegalStateException("the long-lived app committed "
                            + run.outputs() + " outputs and " + run.deadLetters()
                            + " dead letters; expected " + (long) work.accepted() * laps
                            + " and " + (long) (work.records() - work.accepted()) * laps);
                }
                report.endToEnd().laps(before, after, djlBefore, djlAfter, run, threads,
                        overrides);
            }
            if (latency) {
                // The maximum: the steady-state rate (start-up and the uneven end excluded).
                final double rate = latencyRate > 0 ? latencyRate : work.records()
                        / (results.stream().mapToLong(EndToEnd.Run::steadyNanos).min()
                        .orElseThrow() / 1e9 / 0.8) / 2;
                report.progress(BenchMain.format("latency run at %.0f records/s for %d s",
                        rate, latencySeconds));
                final Report.Sample limit = measure("limit", threads);
                report.endToEnd().latency(e2e.latency(rate, latencyWarmup, latencySeconds, threads,
                        overrides), overrides, limit);
            }
            if (scaling) {
                scaling(e2e);
            }
        }
    }

    /** The end-to-end run with each set of Kafka settings, alternating, a limit run before each. */
    void variants(final int warmup, final int runs, final List<Map<String, String>> sets)
            throws Exception {
        report.progress("starting the in-process broker and preloading "
                + work.records() + " records");
        report.endToEnd().partitions(partitions);
        report.endToEnd().format(format.cliName());
        try (EndToEnd e2e = EndToEnd.start(preprocessor, work.data(), partitions, format)) {
            for (int r = 0; r < warmup; r++) {
                check(e2e.run(1, threads, sets.get(0)));
            }
            final List<List<Report.Sample>> limits = new ArrayList<>();
            final List<List<EndToEnd.Run>> results = new ArrayList<>();
            for (int v = 0; v < sets.size(); v++) {
                limits.add(new ArrayList<>());
                results.add(new ArrayList<>());
            }
            for (int r = 0; r < runs; r++) {
                for (int v = 0; v < sets.size(); v++) {
                    limits.get(v).add(measure("limit", threads));
                    final EndToEnd.Run run = e2e.run(1, threads, sets.get(v));
                    check(run);
                    results.get(v).add(run);
                    report.progress(BenchMain.format("variant %d %s: %.2f s", v, sets.get(v),
                            run.nanos() / 1e9));
                }
            }
            report.endToEnd().variants(sets, limits, results);
        }
    }

    private void scaling(final EndToEnd e2e) throws Exception {
        final int[][] configs = {{1, 1}, {1, 2}, {1, 4}, {2, 1}, {2, 2}};
        final Map<Integer, Report.Sample> limits = new LinkedHashMap<>();
        final List<EndToEnd.Run> runs = new ArrayList<>();
        for (final int t : new int[] {1, 2, 4}) {
            report.progress("limit with " + t + " threads");
            measure("limit", t);
            limits.put(t, measure("limit", t));
        }
        for (final int[] config : configs) {
            report.progress(BenchMain.format("end-to-end: %d instance(s) x %d stream thread(s)",
                    config[0], config[1]));
            final EndToEnd.Run run = e2e.run(config[0], config[1], overrides);
            check(run);
            runs.add(run);
        }
        report.endToEnd().scaling(limits, runs, threads);
    }

    private void check(final EndToEnd.Run run) {
        if (run.outputs() != work.accepted()
                || run.outputs() + run.deadLetters() != work.records()) {
            throw new IllegalStateException("end-to-end run committed " + run.outputs()
                    + " outputs and " + run.deadLetters() + " dead letters; expected "
                    + work.accepted() + " and " + (work.records() - work.accepted()));
        }
    }
}
