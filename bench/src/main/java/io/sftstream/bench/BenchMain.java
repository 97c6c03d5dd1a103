package io.sftstream.bench;

import io.sftstream.app.CoreSettings;
import io.sftstream.app.Main;
import io.sftstream.embedded.QuietKafkaLogs;
import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.TemplateName;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sftstream-bench}: throughput of the tokenizer alone (the limit) and of sftstream's
 * stages on the same records with the same number of threads, in one process run, so that the
 * ratios hold even when other work shares the machine. See docs/BENCHMARKS.md.
 */
@Command(name = "sftstream-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark sftstream against the raw tokenizer: limit, step, file, "
                + "end-to-end (exactly-once, in-process broker), latency, scaling, memory.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N",
            description = "records in the data set (default ${DEFAULT-VALUE})")
    int records = 20_000;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads for every stage (default: the number of processors)")
    Integer threads;

    @Option(names = "--input", paramLabel = "FILE",
            description = "a JSON-lines file to use instead of generated records; its lines are "
                    + "repeated until there are --records of them (read, never copied)")
    Path input;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "tokenizer directory or tokenizer.json (default: the bundled Qwen3)")
    String tokenizer;

    @Option(names = "--template", paramLabel = "NAME",
            description = "chatml|llama3|llama2|alpaca|raw|model (default: chatml; llama3 or llama2 "
                    + "when the --tokenizer path names llama3 or mistral)")
    String template;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "max.tokens (default ${DEFAULT-VALUE})")
    int maxTokens = 4096;

    @Option(names = "--bad-fraction", paramLabel = "F",
            description = "share of bad generated records (default ${DEFAULT-VALUE})")
    double badFraction = 0.02;

    @Option(names = "--seed", paramLabel = "N",
            description = "generator seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--rounds", paramLabel = "N",
            description = "timed rounds of limit/step/file after one warm-up round"
                    + " (default ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--stages", paramLabel = "LIST", split = ",",
            description = "any of limit,djl,batch,step,file,cli,e2e,latency,scaling "
                    + "(default: all but djl and scaling; djl: the limit encoded with DJL, "
                    + "also next to the long-lived app's laps)")
    List<String> stages = new ArrayList<>(List.of("limit", "batch", "step", "file", "cli",
            "e2e", "latency"));

    @Option(names = "--output-format", paramLabel = "FORMAT",
            description = "json|binary: the end-to-end app's output format (default "
                    + "${DEFAULT-VALUE}; the step and file stages always write JSON)")
    String outputFormat = "json";

    @Option(names = "--scaling", description = "also: end-to-end with 1, 2 and 4 stream "
            + "threads and with 2 app instances")
    boolean scaling;

    @Option(names = "--e2e-runs", paramLabel = "N",
            description = "end-to-end runs (best counts; default 2)")
    int e2eRuns = 2;

    @Option(names = "--e2e-warmup", paramLabel = "N",
            description = "untimed end-to-end runs first, so the JIT has compiled the broker's "
                    + "and the clients' code (default ${DEFAULT-VALUE})")
    int e2eWarmup = 2;

    @Option(names = "--e2e-laps", paramLabel = "N",
            description = "then one app, started once, over the data set N times; its last "
                    + "lap is the rate of a long-running service (0: skip; default "
                    + "${DEFAULT-VALUE})")
    int e2eLaps = 3;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of the input and output topics (default ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(names = "--latency-seconds", paramLabel = "N",
            description = "measured seconds of the fixed-rate latency run"
                    + " (default ${DEFAULT-VALUE})")
    int latencySeconds = 30;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "Kafka Streams/client property for the end-to-end app (repeatable)")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--variants", paramLabel = "SETS",
            description = "instead of the default end-to-end stages: compare Kafka settings, "
                    + "e.g. 'linger.ms=5;producer.linger.ms=50;producer.compression.type=zstd' "
                    + "(sets separated by ';', properties within a set by ','; an empty set is "
                    + "the defaults); each run is preceded by a limit run")
    String variants;

    @Option(names = "--heap-check", description = "instead: records near --max-tokens tokens "
            + "through limit, step, file and end-to-end; run with -Xmx512m")
    boolean heapCheck;

    @Option(names = "--long-records", paramLabel = "N",
            description = "records for --heap-check (default ${DEFAULT-VALUE})")
    int longRecords = 2_000;

    @Option(names = "--latency-warmup", paramLabel = "N",
            description = "seconds at the fixed rate before latencies count, so that the JIT "
                    + "has compiled the paths of single-record requests (default ${DEFAULT-VALUE})")
    int latencyWarmup = 90;

    @Option(names = "--latency-rate", paramLabel = "N",
            description = "records/s for the latency run (default: half the steady end-to-end "
                    + "rate of this run)")
    double latencyRate;

    private final PrintWriter out;

    BenchMain(final PrintWriter out) {
        this.out = out;
    }

    public static void main(final String[] args) {
        System.exit(run(new PrintWriter(System.out, true), args));
    }

    /** Runs the benchmark with the report going to {@code out}; returns the exit status. */
    static int run(final PrintWriter out, final String... args) {
        quietLogs();
        return new CommandLine(new BenchMain(out)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        final int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        final TemplateName templateName = TemplateName.fromCliName(template != null ? template
                : tokenizer == null ? "chatml" : tokenizer.contains("llama3") ? "llama3"
                : tokenizer.contains("mistral") ? "llama2" : "chatml");
        final CoreSettings settings = new CoreSettings(tokenizer, templateName, InputFormat.AUTO,
                maxTokens, Overlong.REJECT, false, null, null, 1_048_576);
        try (Preprocessor preprocessor = settings.buildPreprocessor();
             RawTokenizer raw = RawTokenizer.load(tokenizer)) {
            if (!raw.sha256Hex().equals(preprocessor.tokenizer().sha256Hex())) {
                throw new IllegalStateException("the limit's tokenizer.json differs from the "
                        + "pipeline's");
            }
            final String special = specialToken(preprocessor);
            final DataSet data = heapCheck
                    ? BenchRecords.longRecords(longRecords, seed, special, maxTokens)
                    : input != null ? DataSet.fromJsonLines(input, records)
                    : BenchRecords.generate(records, badFraction, seed, special, maxTokens,
                            settings.maxRecordBytes());
            final Report report = new Report(out);
            final Workload work = Workload.of(data, preprocessor, workers);
            report.header(data, work, settings, preprocessor, workers);
            final Runner runner = new Runner(report, work, preprocessor, raw, workers, rounds,
                    partitions, overrides(), OutputFormat.fromCliName(outputFormat));
            if (heapCheck) {
                // The in-memory stages, then the app with the broker in the same heap.
                runner.inMemory(List.of("limit", "step", "file"));
                runner.endToEnd(1, 1, 0, false, false, 0, 0, 0, false);
                report.heap(Meter.liveHeapAfterGc());
                report.footer();
                return 0;
            }
            runner.inMemory(stages);
            if (stages.contains("cli")) {
                runner.cli(cliArgs(templateName));
            }
            if (variants != null) {
                runner.variants(e2eWarmup, e2eRuns, parseVariants(variants));
            } else if (stages.contains("e2e") || stages.contains("latency") || scaling
                    || stages.contains("scaling")) {
                runner.endToEnd(e2eWarmup, e2eRuns, stages.contains("e2e") ? e2eLaps : 0,
                        stages.contains("djl"), stages.contains("latency"), latencyRate,
                        latencyWarmup, latencySeconds,
                        scaling || stages.contains("scaling"));
            }
            report.footer();
            return 0;
        }
    }

    /**
     * Kafka at WARN (what the demo does), and the broker's and clients' expected warnings at
     * ERROR: the first transactional sends of a new application id are retried
     * (CONCURRENT_TRANSACTIONS) every run. Set before any Kafka class is loaded.
     */
    static void quietLogs() {
        for (final String logger : List.of("kafka", "org.apache.kafka",
                "io.sftstream.topology.StreamsApp")) {
            final String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        QuietKafkaLogs.apply();
    }

    private List<String> cliArgs(final TemplateName templateName) {
        final List<String> args = new ArrayList<>();
        if (tokenizer != null) {
            args.add("--tokenizer");
            args.add(tokenizer);
        }
        args.add("--template");
        args.add(templateName.cliName());
        args.add("--max-tokens");
        args.add(Integer.toString(maxTokens));
        return args;
    }

    private List<Map<String, String>> parseVariants(final String spec) {
        final List<Map<String, String>> sets = new ArrayList<>();
        for (final String set : spec.split(";", -1)) {
            final Map<String, String> props = new LinkedHashMap<>(overrides());
            for (final String kv : set.split(",")) {
                if (!kv.isBlank()) {
                    final int eq = kv.indexOf('=');
                    props.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
            }
            sets.add(props);
        }
        return sets;
    }

    private Map<String, String> overrides() {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String kv : kafka) {
            final int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--kafka takes key=value, not " + kv);
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    private static String specialToken(final Preprocessor preprocessor) {
        final String eot = preprocessor.template().endOfTurnToken();
        final List<String> added = preprocessor.template().guardedTokens();
        return added.contains(eot) ? eot : added.get(0);
    }

    /** Runs {@code sftstream file} through its real command line; returns the exit status. */
    static int runFileCommand(final List<String> core, final Path in, final Path dir,
                              final int threads) throws IOException {
        final List<String> args = new ArrayList<>(List.of("file", "--input", in.toString(),
                "--output", dir.resolve("cli-out.jsonl").toString(), "--dlq",
                dir.resolve("cli-dlq.jsonl").toString(), "--threads", Integer.toString(threads),
                "--quiet"));
        args.addAll(core);
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err), args.toArray(new String[0]));
        Files.deleteIfExists(dir.resolve("cli-out.jsonl"));
        Files.deleteIfExists(dir.resolve("cli-dlq.jsonl"));
        if (status != 0) {
            throw new IllegalStateException("sftstream file failed (" + status + "): " + err);
        }
        return status;
    }

    static String format(final String pattern, final Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
