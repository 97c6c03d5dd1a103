package io.sftstream.app;

import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.stats.StatsWindow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sftstream stats}: reads the stats topic and prints one row per window (see
 * {@link StatsTable}); live until Ctrl-C, or the latest windows only with {@code --once}.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show the app's stats topic as a table: one row per window, a column per "
                + "rejection reason, high rejection rates marked. Follows new windows until "
                + "Ctrl-C; --once prints the latest windows and exits.")
public final class StatsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; env SFTSTREAM_BOOTSTRAP_SERVERS or "
                    + "KAFKA_BOOTSTRAP_SERVERS")
    String bootstrapServers;

    @Option(names = "--stats-topic", paramLabel = "TOPIC",
            description = "the app's stats topic; env SFTSTREAM_STATS_TOPIC; default "
                    + "<output-topic>-stats")
    String statsTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "the app's output topic, for the default stats topic; env "
                    + "SFTSTREAM_OUTPUT_TOPIC; default sft-tokens")
    String outputTopic;

    @Option(names = "--once", description = "print the latest windows and exit")
    boolean once;

    @Option(names = "--windows", paramLabel = "N",
            description = "how many of the latest windows to show first; default 20")
    int windows = 20;

    @Option(names = "--threshold", paramLabel = "PERCENT",
            description = "mark windows whose rejection rate is above this; default 5")
    double thresholdPercent = 5;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "any Kafka consumer property (repeatable)")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "a properties file of Kafka consumer properties; env "
                    + "SFTSTREAM_KAFKA_CONFIG")
    Path kafkaConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final Map<String, String> env = System.getenv();
        final SettingSource s = new SettingSource(env);
        final Map<String, String> overrides = s.kafkaOverrides(kafkaConfig, kafka);
        final String servers = s.bootstrapServers(bootstrapServers, overrides, true);
        final String output = s.get(SettingsTable.OUTPUT_TOPIC, outputTopic);
        final String topic = s.get(SettingsTable.STATS_TOPIC, statsTopic,
                StatsSettings.defaultsFor(output).topic());
        if (windows < 1) {
            throw new SettingsException("--windows has the value '" + windows
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        if (!(thresholdPercent >= 0 && thresholdPercent <= 100)) {
            throw new SettingsException("--threshold has the value '" + thresholdPercent
                    + "', which is not allowed; allowed: a percentage from 0 to 100");
        }
        BrokerCheck.require(servers);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (StatsReader reader = new StatsReader(servers, overrides, topic, err)) {
            return show(reader, new StatsTable(out, thresholdPercent / 100,
                    System.console() != null), out, topic);
        }
    }

    private int show(final StatsReader reader, final StatsTable table, final PrintWriter out,
                     final String topic) {
        final TreeMap<Instant, StatsWindow> latest = new TreeMap<>();
        reader.readToEnd().forEach(w -> latest.put(w.start(), w));
        while (latest.size() > windows) {
            latest.pollFirstEntry();
        }
        if (latest.isEmpty()) {
            out.printf("No stats windows in %s yet: the app publishes one per window, a few "
                    + "seconds after it ends.%n", topic);
        }
        if (!latest.isEmpty() || !once) {
            table.header();
        }
        latest.values().forEach(table::row);
        out.flush();
        if (once) {
            return 0;
        }
        follow(reader, table);
        return 0;
    }

    /** Prints new windows until Ctrl-C. */
    static void follow(final StatsReader reader, final StatsTable table) {
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            reader.wakeup();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sftstream-stats-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            followUntilWoken(reader, table);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us.
            }
        }
    }

    /** Prints new windows until {@link StatsReader#wakeup} is called. */
    static void followUntilWoken(final StatsReader reader, final StatsTable table) {
        try {
            while (true) {
                reader.poll(Duration.ofMillis(500)).forEach(table::row);
            }
        } catch (final WakeupException stop) {
            // Ctrl-C or a test: stop following.
        }
    }
}
