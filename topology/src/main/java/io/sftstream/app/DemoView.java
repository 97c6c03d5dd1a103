package io.sftstream.app;

import io.sftstream.serdes.Reason;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.topology.Topics;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;

/** What the demo prints: the live progress line, the summary table and sample records. */
final class DemoView {

    private static final int SHOWN_TOKENS = 24;

    private final PrintWriter out;
    private final Preprocessor preprocessor;
    private final boolean terminal = System.console() != null;
    private long lastPrint;

    DemoView(final PrintWriter out, final Preprocessor preprocessor) {
        this.out = out;
        this.preprocessor = preprocessor;
    }

    /** An added token to put inside texts of the SPECIAL_TOKEN_IN_TEXT samples. */
    static String injectableToken(final Preprocessor preprocessor) {
        final String eot = preprocessor.template().endOfTurnToken();
        final List<String> guarded = preprocessor.template().guardedTokens();
        return guarded.contains(eot) ? eot : guarded.get(0);
    }

    void progress(final CommittedTally tally, final int total, final long startNanos) {
        final long now = System.nanoTime();
        if (now - lastPrint < (terminal ? 250_000_000L : 2_000_000_000L)) {
            return;
        }
        lastPrint = now;
        final double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
        final StringBuilder reasons = new StringBuilder();
        for (final Reason reason : Reason.values()) {
            if (tally.rejected(reason) > 0) {
                reasons.append(' ').append(reason.name()).append('=')
                        .append(tally.rejected(reason));
            }
        }
        final String line = String.format("%,6d/%,d records  %,7.0f records/s  accepted %,d  "
                + "rejected %,d%s", tally.total(), total, tally.total() / seconds,
                tally.accepted(), tally.rejectedTotal(), reasons);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void endProgress() {
        if (terminal) {
            out.println();
        }
    }

    /** Prints the summary; true when every record is accounted for with its expected reason. */
    boolean summary(final CommittedTally tally, final int produced,
                    final EnumMap<Reason, Long> expected) {
        final long expectedAccepted = produced
                - expected.values().stream().mapToLong(Long::longValue).sum();
        boolean exact = tally.total() == produced && tally.accepted() == expectedAccepted;
        out.println();
        out.printf("%-32s %10s %10s%n", "", "expected", "got");
        out.printf("%-32s %,10d %,10d%n", "records", produced, tally.total());
        out.printf("%-32s %,10d %,10d%n", "accepted", expectedAccepted, tally.accepted());
        for (final Reason reason : Reason.values()) {
            final long want = expected.getOrDefault(reason, 0L);
            final long got = tally.rejected(reason);
            exact &= want == got;
            if (want > 0 || got > 0) {
                out.printf("%-32s %,10d %,10d%n", "rejected " + reason.name(), want, got);
            }
        }
        out.printf("%-32s %10s %,10d%n", "tokens", "", tally.tokens());
        out.println(exact ? "Every record is accounted for: outputs + dead letters = inputs."
                : "MISMATCH: the results differ from what the sample data should give.");
        out.flush();
        return exact;
    }

    /** A few output records: ids and token pieces side by side, prompt positions marked. */
    void samples(final List<TrainingRecord> records) {
        final TokenizerBundle tokenizer = preprocessor.tokenizer();
        for (final TrainingRecord record : records) {
            out.println();
            out.printf("record %s: %d tokens, %d trained%s%n", record.id(), record.numTokens(),
                    record.numTrainedTokens(), record.truncated() ? ", truncated" : "");
            final int n = record.numTokens();
            final int[] shown = n <= SHOWN_TOKENS ? range(0, n)
                    : concat(range(0, SHOWN_TOKENS - 6), range(n - 6, n));
            int previous = -1;
            for (final int i : shown) {
                if (previous >= 0 && i != previous + 1) {
                    out.printf("  %6s  %8s  %s%n", "...", "", "");
                }
                previous = i;
                final boolean trained = record.labels()[i] != TrainingRecord.IGNORE_INDEX;
                final boolean eot = trained && record.inputIds()[i]
                        == preprocessor.template().endOfTurnId();
                out.printf("  %6d  %8d  %-7s %s%s%n", i, record.inputIds()[i],
                        trained ? "train" : "[prompt]",
                        ExplainCommand.escape(tokenizer.tokenPiece(record.inputIds()[i])),
                        eot ? "   <== end-of-turn (by id)" : "");
            }
        }
        out.println();
        out.flush();
    }

    /** Where to look while the demo runs: the metrics URL and the stats command. */
    void monitoring(final RunSettings settings) {
        final MonitoringSettings monitoring = settings.monitoring();
        if (monitoring.metricsEnabled()) {
            out.printf("Metrics: http://127.0.0.1:%d/metrics  (health: /health/live, "
                    + "/health/ready)%n", monitoring.metricsPort());
        } else {
            out.println("Metrics: off (--metrics-port 0)");
        }
        out.printf("Stats:   one record per %d s window in %s; show them with%n"
                + "  %s stats --bootstrap-servers %s --stats-topic %s --once%n",
                monitoring.stats().window().toSeconds(), monitoring.stats().topic(),
                CommandPrefix.current(), CommandPrefix.quote(settings.bootstrapServers()),
                CommandPrefix.quote(monitoring.stats().topic()));
        out.flush();
    }

    void kcatCommands(final String servers, final Topics topics) {
        out.println("The broker and the app keep running; Ctrl-C stops both. Try it with kcat:");
        out.println();
        out.printf("  echo '{\"id\":\"mine-1\",\"prompt\":\"Say hi\",\"response\":\"Hi!\"}' | "
                + "kcat -b %s -P -t %s -k my-key -H source=kcat%n", servers, topics.input());
        out.printf("  kcat -b %s -C -t %s -o beginning -e -X isolation.level=read_committed "
                + "-f '%%k %%h %%s\\n'%n", servers, topics.output());
        out.printf("  kcat -b %s -C -t %s -o beginning -e -J%n", servers, topics.dlq());
        out.println();
        out.flush();
    }

    private static int[] range(final int from, final int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static int[] concat(final int[] a, final int[] b) {
        final int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
