package io.sftstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.sample.SampleRecords;
import io.sftstream.sample.TokenizerStressText;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.tokenize.bpe.TokenizerEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Java tokenizer engine against DJL's: a differential run (identical ids on generated
 * texts, the demo's sample records and any JSON-lines files given) and a per-thread encode
 * throughput comparison, both engines interleaved round by round in one process so that the
 * ratio holds on a shared machine. See docs/BENCHMARKS.md.
 */
@Command(name = "engine-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Java vs DJL tokenizer engines: exactness and encode throughput.")
public final class EngineBench implements Callable<Integer> {

    @Option(names = "--tokenizer", paramLabel = "DIR", required = true,
            description = "tokenizer directory or tokenizer.json (repeatable)")
    List<String> tokenizers;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "differential, throughput or both (default ${DEFAULT-VALUE})")
    String mode = "both";

    @Option(names = "--texts", paramLabel = "N",
            description = "generated texts per tokenizer in the differential run "
                    + "(default ${DEFAULT-VALUE})")
    int texts = 1_000_000;

    @Option(names = "--data", paramLabel = "FILE",
            description = "JSON-lines records whose string fields are texts to compare and "
                    + "time (repeatable; read, never copied)")
    List<Path> data = new ArrayList<>();

    @Option(names = "--throughput-texts", paramLabel = "N",
            description = "generated texts in the throughput set (default ${DEFAULT-VALUE})")
    int throughputTexts = 20_000;

    @Option(names = "--rounds", paramLabel = "N",
            description = "timed rounds per engine, interleaved (default ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads of the differential run (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--seed", paramLabel = "N", description = "seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    /** Runs the command line. */
    public static void main(final String[] args) {
        System.exit(new CommandLine(new EngineBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int differences = 0;
        for (final String spec : tokenizers) {
            try (TokenizerBundle bundle = TokenizerBundle.load(spec, TokenizerEngine.JAVA)) {
                System.out.printf(Locale.ROOT, "== %s (sha256 %s)%n", spec,
                        bundle.sha256Hex().substring(0, 12));
                if (!"throughput".equals(mode)) {
                    differences += differential(bundle);
                }
                if (!"differential".equals(mode)) {
                    throughput(bundle);
                }
            }
        }
        return differences == 0 ? 0 : 1;
    }

    private int differential(final TokenizerBundle bundle) throws Exception {
        int differences = 0;
        final List<String> fileTexts = new ArrayList<>();
        for (final Path file : data) {
            fileTexts.addAll(textsOf(Files.readAllLines(file)));
        }
        differences += compare(bundle, "texts of " + data.size() + " data files", fileTexts);
        final List<String> sample = new ArrayList<>();
        for (final SampleRecords.Sample s : SampleRecords.generate(5_000, 0.02, seed,
                SampleRecords.Options.defaults("<|im_end|>"))) {
            if (s.value() != null) {
                sample.addAll(textsOf(List.of(new String(s.value(),
                        StandardCharsets.UTF_8))));
            }
        }
        differences += compare(bundle, "texts of 5,000 demo sample records", sample);
        final List<String> benchTexts = new ArrayList<>();
        for (final byte[] value : BenchRecords.generate(20_000, 0.02, seed, "<|im_end|>", 4096,
                1 << 20).values()) {
            benchTexts.add(new String(value, StandardCharsets.UTF_8));
        }
        differences += compare(bundle, "texts of 20,000 benchmark records",
                textsOf(benchTexts));
        final long start = System.nanoTime();
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<long[]>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int part = t;
                parts.add(pool.submit(() -> compareGenerated(bundle, part)));
            }
            long compared = 0;
            long chars = 0;
            int diff = 0;
            for (final Future<long[]> f : parts) {
                final long[] r = f.get();
                compared += r[0];
                diff += (int) r[1];
                chars += r[2];
            }
            System.out.printf(Locale.ROOT, "differential: %,d generated texts (%,d chars), "
                    + "%d differ, %.0f s%n", compared, chars, diff,
                    (System.nanoTime() - start) / 1e9);
            differences += diff;
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return differences;
    }

    private long[] compareGenerated(final TokenizerBundle bundle, final int part) {
        final TokenizerStressText gen = new TokenizerStressText(seed * 1000 + part,
                bundle.addedTokenContents());
        final int n = texts / threads + (part < texts % threads ? 1 : 0);
        long diff = 0;
        long chars = 0;
        for (int i = 0; i < n; i++) {
            final String text = gen.next();
            chars += text.length();
            final int[] java = bundle.encode(text);
            final int[] djl = bundle.encodeWithLibrary(text);
            if (!Arrays.equals(java, djl)) {
                if (diff < 5) {
                    report(text, java, djl);
                }
                diff++;
            }
        }
        return new long[] {n, diff, chars};
    }

    private static int compare(final TokenizerBundle bundle, final String what,
                               final List<String> texts) {
        int diff = 0;
        for (final String text : texts) {
            final int[] java = bundle.encode(text);
            final int[] djl = bundle.encodeWithLibrary(text);
            if (!Arrays.equals(java, djl)) {
                if (diff < 5) {
                    report(text, java, djl);
                }
                diff++;
            }
        }
        System.out.printf(Locale.ROOT, "differential: %,d %s, %d differ%n", texts.size(), what,
                diff);
        return diff;
    }

    private static synchronized void report(final String text, final int[] java,
                                            final int[] djl) {
        final StringBuilder cps = new StringBuilder();
        text.codePoints().limit(120).forEach(cp -> cps.append(String.format("%04X ", cp)));
        System.out.println("  DIFFERENT: " + cps + "\n    java " + Arrays.toString(java)
                + "\n    djl  " + Arrays.toString(djl));
    }

    private void throughput(final TokenizerBundle bundle) throws IOException {
        final List<String> generated = new ArrayList<>();
        final TokenizerStressText gen = new TokenizerStressText(seed, bundle.addedTokenContents());
        for (int i = 0; i < throughputTexts; i++) {
            generated.add(gen.next());
        }
        measure(bundle, "generated (" + throughputTexts + " stress texts)", generated);
        for (final Path file : data) {
            measure(bundle, file.getFileName().toString(), textsOf(Files.readAllLines(file)));
        }
    }

    private void measure(final TokenizerBundle bundle, final String what,
                         final List<String> set) {
        long chars = 0;
        for (final String t : set) {
            chars += t.length();
        }
        // Warm both engines up (JIT, word cache, DJL's native side).
        for (int i = 0; i < 2; i++) {
            run(bundle, set, true);
            run(bundle, set, false);
        }
        final double[] ratios = new double[rounds];
        final double[] javaRates = new double[rounds];
        final double[] djlRates = new double[rounds];
        long tokens = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            tokens = run(bundle, set, false);
            final long djlNanos = System.nanoTime() - t0;
            t0 = System.nanoTime();
            run(bundle, set, true);
            final long javaNanos = System.nanoTime() - t0;
            ratios[r] = (double) djlNanos / javaNanos;
            javaRates[r] = tokens / (javaNanos / 1e9);
            djlRates[r] = tokens / (djlNanos / 1e9);
        }
        Arrays.sort(ratios);
        Arrays.sort(javaRates);
        Arrays.sort(djlRates);
        System.out.printf(Locale.ROOT, "throughput %-34s %,7d texts %,10d chars %,9d tokens: "
                + "djl %.2f M tokens/s, java %.2f M tokens/s, java/djl %.2fx (median of %d; "
                + "min %.2fx, max %.2fx)%n", what, set.size(), chars, tokens,
                djlRates[rounds / 2] / 1e6, javaRates[rounds / 2] / 1e6, ratios[rounds / 2],
                rounds, ratios[0], ratios[rounds - 1]);
    }

    private static long run(final TokenizerBundle bundle, final List<String> set,
                            final boolean java) {
        long tokens = 0;
        for (final String t : set) {
            tokens += java ? bundle.encode(t).length : bundle.encodeWithLibrary(t).length;
        }
        return tokens;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every string value in the JSON lines (nested ones too); lines that are not JSON skip. */
    static List<String> textsOf(final List<String> lines) {
        final List<String> out = new ArrayList<>();
        for (final String line : lines) {
            try {
                collect(JSON.readTree(line), out);
            } catch (final IOException e) {
                // A deliberately broken sample record: nothing to compare.
            }
        }
        return out;
    }

    private static void collect(final JsonNode node, final List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collect(child, out));
    }
}
