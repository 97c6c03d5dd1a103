package io.sftstream.app;

import io.sftstream.replay.ReplayEngine;
import io.sftstream.replay.ReplayException;
import io.sftstream.replay.ReplayHeaders;
import io.sftstream.replay.ReplaySelection;
import io.sftstream.replay.ReplaySettings;
import io.sftstream.replay.ReplaySummary;
import io.sftstream.serdes.Reason;
import io.sftstream.topology.KafkaProperties;
import io.sftstream.topology.ServiceLinks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sftstream replay}: dead letters of chosen reasons and times back into the input topic,
 * exactly once (SPEC section 10; {@link ReplayEngine}). Ends with one summary line.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Produce dead letters of the chosen reasons and times to the input topic "
                + "again, exactly once, without their error headers and with "
                + ReplayHeaders.REPLAY_COUNT + "; stops at the current end of the DLQ topic.")
public final class ReplayCommand implements Callable<Integer> {

    /** The default consumer group, whose committed offsets say how far replays got. */
    public static final String DEFAULT_GROUP = "sftstream-replay";
    /** The default of {@code --max-replays}. */
    public static final int DEFAULT_MAX_REPLAYS = 3;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; env SFTSTREAM_BOOTSTRAP_SERVERS or "
                    + "KAFKA_BOOTSTRAP_SERVERS")
    String bootstrapServers;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC",
            description = "the dead letters; env SFTSTREAM_DLQ_TOPIC; default "
                    + "sft-dlq")
    String dlqTopic;

    @Option(names = "--to-topic", paramLabel = "TOPIC",
            description = "where they go again (the app's input); env SFTSTREAM_INPUT_TOPIC; "
                    + "default sft-raw")
    String toTopic;

    @Option(names = "--reason", paramLabel = "REASON",
            description = "replay dead letters of this reason (repeatable); default: every "
                    + "reason")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME",
            description = "only records with a timestamp at or after TIME: an ISO-8601 instant "
                    + "(2026-12-01T08:00:00Z) or a duration before now (30m, 1h, 7d, PT1H30M)")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "only records with a timestamp before TIME (same forms as --since)")
    String until;

    @Option(names = "--max-replays", paramLabel = "N",
            description = "hold back records already replayed N times (they are counted and "
                    + "listed); default " + DEFAULT_MAX_REPLAYS)
    int maxReplays = DEFAULT_MAX_REPLAYS;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "consumer group of the replay (its offsets are committed with what it "
                    + "produced; a new group reads the DLQ from the beginning); default "
                    + DEFAULT_GROUP)
    String group = DEFAULT_GROUP;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "records per transaction; default 500")
    int batchSize = 500;

    @Option(names = "--dry-run",
            description = "produce nothing and commit nothing; print what would be replayed, "
                    + "by reason")
    boolean dryRun;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "any Kafka client property (repeatable; consumer. and producer. "
                    + "prefixes for one client)")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "a properties file of Kafka client properties; env "
                    + "SFTSTREAM_KAFKA_CONFIG")
    Path kafkaConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final Map<String, String> env = System.getenv();
        final PrintWriter out = spec.commandLine().getOut();
        ServiceLinks.warning(env).ifPresent(w -> spec.commandLine().getErr().println(w));
        final ReplaySettings settings = resolve(env, Instant.now());
        final ReplaySummary summary;
        try {
            summary = new ReplayEngine(settings, out).run();
        } catch (final ReplayException e) {
            throw new SettingsException(e.getMessage());
        } catch (final KafkaException e) {
            throw new SettingsException("the replay stopped: " + e.getMessage() + "; what was "
                    + "committed stays, and the next replay with --group " + settings.group()
                    + " goes on from there");
        }
        out.println(summary.line(settings.dryRun(), settings.dlqTopic(), settings.toTopic(),
                settings.selection().maxReplays()));
        out.flush();
        return 0;
    }

    /** The settings from the flags over the environment; throws {@link SettingsException}. */
    ReplaySettings resolve(final Map<String, String> env, final Instant now) {
        final SettingSource s = new SettingSource(env);
        final Map<String, String> overrides = s.kafkaOverrides(kafkaConfig, kafka);
        final String servers = s.bootstrapServers(bootstrapServers, overrides, true);
        final String dlq = s.get(SettingsTable.DLQ_TOPIC, dlqTopic);
        final String to = s.get(SettingsTable.INPUT_TOPIC, toTopic);
        if (dlq.equals(to)) {
            throw new SettingsException("--to-topic has the value '" + to + "', which is not "
                    + "allowed; allowed: a topic other than the DLQ topic");
        }
        final Set<String> chosen = new LinkedHashSet<>();
        for (final String reason : reasons) {
            try {
                chosen.add(Reason.valueOf(reason.trim()).name());
            } catch (final IllegalArgumentException e) {
                throw new SettingsException("--reason has the value '" + reason + "', which is "
                        + "not allowed; allowed: " + Arrays.stream(Reason.values())
                        .map(Reason::name).collect(Collectors.joining(", ")));
            }
        }
        final Instant from = since == null ? null : TimeBound.parse("--since", since, now);
        final Instant before = until == null ? null : TimeBound.parse("--until", until, now);
        if (from != null && before != null && !from.isBefore(before)) {
            throw new SettingsException("--since (" + from + ") is not before --until (" + before
                    + "); no record could be replayed");
        }
        if (maxReplays < 1) {
            throw new SettingsException("--max-replays has the value '" + maxReplays
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        if (batchSize < 1) {
            throw new SettingsException("--batch-size has the value '" + batchSize
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        if (group.isBlank()) {
            throw new SettingsException("--group is empty; give a consumer group name");
        }
        return new ReplaySettings(servers, overrides, dlq, to, group,
                new ReplaySelection(chosen, from, before, maxReplays), batchSize, dryRun);
    }
}
