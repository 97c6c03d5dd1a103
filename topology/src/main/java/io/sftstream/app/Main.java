package io.sftstream.app;

import io.sftstream.export.ExportException;
import io.sftstream.tokenize.TokenizerLoadException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sftstream} command line: wires the subcommands and maps failures to exit codes. */
@Command(name = "sftstream", mixinStandardHelpOptions = true, version = "sftstream 0.1.0",
        description = "Turns instruction/response records into token arrays for supervised "
                + "fine-tuning.",
        subcommands = {RunCommand.class, DemoCommand.class, FileCommand.class,
            ExplainCommand.class, StatsCommand.class, ExportCommand.class,
            ReplayCommand.class})
public final class Main {

    /** Exit status when a setting or the tokenizer is refused before any record is read. */
    public static final int EXIT_USAGE = 2;

    public static void main(final String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status; never calls {@code System.exit}. */
    public static int execute(final String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args);
    }

    /** Runs the command line with the given output and error writers. */
    public static int execute(final PrintWriter out, final PrintWriter err,
                              final String... args) {
        DjlDefaults.apply();
        final CommandLine cli = new CommandLine(new Main());
        SettingsTable.applyHelp(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SettingsException || e instanceof TokenizerLoadException
                    || e instanceof ExportException) {
                commandLine.getErr().println("sftstream: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
