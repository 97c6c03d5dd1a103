package io.sftstream.app;

import io.sftstream.export.ExportException;
import io.sftstream.tokenize.TokenizerLoadException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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

    /** Exit status of a command that failed after it started (one sentence on stderr). */
    public static final int EXIT_FAILURE = 1;

    /** The flag that adds stack traces to failures; any command takes it. */
    static final String VERBOSE = "--verbose";

    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "print the stack trace of a failure")
    boolean verbose;

    /**
     * Read by {@link LogSetup} before parsing ({@link SettingsTable#LOG_FORMAT}); declared so
     * that every command takes it. Inherited options keep their own text.
     */
    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "text or json (one JSON object per line); env SFTSTREAM_LOG_FORMAT; "
                    + "default text")
    String logFormat;

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
        try {
            LogSetup.apply(List.of(args), System.getenv());
        } catch (final SettingsException e) {
            err.println("sftstream: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        DjlDefaults.apply();
        final CommandLine cli = new CommandLine(new Main());
        SettingsTable.applyHelp(cli);
        cli.setOut(out);
        cli.setErr(err);
        final boolean verbose = List.of(args).contains(VERBOSE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            final PrintWriter printTo = commandLine.getErr();
            if (verbose) {
                e.printStackTrace(printTo);
            }
            final ConfigException kafkaConfig = kafkaConfigCause(e);
            if (e instanceof SettingsException || e instanceof TokenizerLoadException
                    || e instanceof ExportException) {
                printTo.println("sftstream: " + e.getMessage());
                return EXIT_USAGE;
            }
            if (kafkaConfig != null) {
                printTo.println("sftstream: the Kafka configuration is refused: "
                        + kafkaConfig.getMessage() + "; check --kafka, --kafka-config and the "
                        + "KAFKA_* variables");
                return EXIT_USAGE;
            }
            printTo.println("sftstream: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (verbose ? "" : " (--verbose shows the stack trace)"));
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    private static ConfigException kafkaConfigCause(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }
}
