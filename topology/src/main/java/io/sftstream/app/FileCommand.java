package io.sftstream.app;

import io.sftstream.tokenize.Preprocessor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sftstream file}: the preprocessing step over a JSON-lines file or a JSON array. The
 * input, output and DLQ must be three different files ({@link FileTargets}); the outputs are
 * written under temporary names and renamed when the run is complete ({@link OutputFile}), so
 * a failed or interrupted run leaves no output that looks complete.
 */
@Command(name = "file", mixinStandardHelpOptions = true,
        description = "Process a JSON-lines file (or a JSON array): one record value per line "
                + "(element) in, one training record per line out, one DLQ line per rejected "
                + "input.")
public final class FileCommand implements Callable<Integer> {

    @Mixin
    CoreOptions core;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "JSON-lines file or JSON array ('-' for standard input)")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "training records, one JSON object per line ('-' for standard output)")
    String output;

    @Option(names = "--dlq", required = true, paramLabel = "FILE",
            description = "rejected records: {\"line\":n,\"reason\":...,\"message\":...,"
                    + "\"value\":...}")
    String dlq;

    @Option(names = "--input-layout", paramLabel = "LAYOUT")
    String inputLayout;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--quiet", description = "no progress line and no summary on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        final Map<String, String> env = System.getenv();
        final CoreSettings settings = core.resolve(env);
        final InputLayout layout = new SettingSource(env).get(SettingsTable.INPUT_LAYOUT,
                inputLayout);
        final int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new SettingsException("--threads has the value '" + workers
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        FileTargets.requireDistinct(List.of(new FileTargets.Target("--input", input, false),
                new FileTargets.Target("--output", output, true),
                new FileTargets.Target("--dlq", dlq, true)));
        final PrintWriter err = spec.commandLine().getErr();
        try (InputStream in = openInput();
             Preprocessor preprocessor = settings.buildPreprocessor()) {
            final RecordReader reader = reader(in, layout);
            try (OutputFile out = OutputFile.open("--output", output);
                 OutputFile rejected = OutputFile.open("--dlq", dlq)) {
                final FileRunGuard guard = new FileRunGuard(err, out, rejected);
                final ProgressLine progress = quiet ? null : new ProgressLine(err);
                final RunStats stats;
                guard.install();
                try {
                    stats = new FileRunner(preprocessor, workers, s -> {
                        guard.update(s);
                        if (progress != null) {
                            progress.update(s);
                        }
                    }).run(guard.counting(reader), out.stream(), rejected.stream());
                    if (!guard.commit()) {
                        guard.awaitExit();
                    }
                } catch (final IOException | RuntimeException e) {
                    if (guard.interrupted()) {
                        guard.awaitExit();
                    }
                    throw e;
                } finally {
                    guard.uninstall();
                }
                if (progress != null) {
                    progress.finish();
                    err.print(stats.summary());
                    err.flush();
                }
                return 0;
            }
        }
    }

    private InputStream openInput() {
        if ("-".equals(input)) {
            return new FilterInputStream(System.in) {
                @Override
                public void close() {
                    // standard input stays open
                }
            };
        }
        final Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            throw new SettingsException("--input '" + input + "' is a folder; give a file");
        }
        try {
            return Files.newInputStream(path);
        } catch (final NoSuchFileException e) {
            throw new SettingsException("--input file '" + input + "' does not exist");
        } catch (final IOException e) {
            throw new SettingsException("--input file '" + input + "' cannot be read: "
                    + e.getMessage());
        }
    }

    /** The reader for the layout; {@code auto} looks at the first byte that is not whitespace. */
    private RecordReader reader(final InputStream in, final InputLayout layout)
            throws IOException {
        if (layout == InputLayout.JSONL) {
            return new FileRunner.LineReader(in);
        }
        final BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        int b;
        while ((b = buffered.read()) == ' ' || b == '\t' || b == '\n' || b == '\r') {
            prefix.write(b);
        }
        if (b >= 0) {
            prefix.write(b);
        }
        final InputStream whole = new SequenceInputStream(
                new ByteArrayInputStream(prefix.toByteArray()), buffered);
        if (b == '[') {
            return new JsonArrayReader(whole);
        }
        if (layout == InputLayout.JSON_ARRAY) {
            throw new SettingsException(SettingsTable.INPUT_LAYOUT.label() + " is json-array, "
                    + "but --input '" + input + "' does not start with '['; give "
                    + "--input-layout jsonl for one record per line");
        }
        return new FileRunner.LineReader(whole);
    }
}
