package io.sftstream.app;

import io.sftstream.tokenize.Preprocessor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sftstream file}: the preprocessing step over a JSON-lines file. */
@Command(name = "file", mixinStandardHelpOptions = true,
        description = "Process a JSON-lines file: one record value per line in, one training "
                + "record per line out, one DLQ line per rejected input.")
public final class FileCommand implements Callable<Integer> {

    @Mixin
    CoreOptions core;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "JSON-lines input ('-' for standard input)")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "training records, one JSON object per line ('-' for standard output)")
    String output;

    @Option(names = "--dlq", required = true, paramLabel = "FILE",
            description = "rejected lines: {\"line\":n,\"reason\":...,\"message\":...,"
                    + "\"value\":...}")
    String dlq;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--quiet", description = "no progress line and no summary on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final CoreSettings settings = core.resolve(System.getenv());
        final int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new SettingsException("--threads has the value '" + workers
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        final PrintWriter err = spec.commandLine().getErr();
        try (InputStream in = openInput();
             Preprocessor preprocessor = settings.buildPreprocessor()) {
            try (OutputStream out = openOutput(output, "--output");
                 OutputStream rejected = openOutput(dlq, "--dlq")) {
                final ProgressLine progress = quiet ? null : new ProgressLine(err);
                final RunStats stats = new FileRunner(preprocessor, workers,
                        progress == null ? FileRunner.Progress.NONE : progress)
                        .run(in, out, rejected);
                out.flush();
                rejected.flush();
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
            return new java.io.FilterInputStream(System.in) {
                @Override
                public void close() {
                    // standard input stays open
                }
            };
        }
        final Path path = Path.of(input);
        try {
            return Files.newInputStream(path);
        } catch (final NoSuchFileException e) {
            throw new SettingsException("--input file '" + input + "' does not exist");
        } catch (final IOException e) {
            throw new SettingsException("--input file '" + input + "' cannot be read: "
                    + e.getMessage());
        }
    }

    private OutputStream openOutput(final String name, final String flag) {
        if ("-".equals(name)) {
            return new java.io.FilterOutputStream(new BufferedOutputStream(System.out, 1 << 20)) {
                @Override
                public void write(final byte[] b, final int off, final int len)
                        throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        try {
            return new BufferedOutputStream(Files.newOutputStream(Path.of(name)), 1 << 20);
        } catch (final IOException e) {
            throw new SettingsException(flag + " file '" + name + "' cannot be written: "
                    + e.getMessage());
        }
    }
}
