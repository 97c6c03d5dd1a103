package io.sftstream.app;

import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.KafkaProperties;
import io.sftstream.topology.ServiceLinks;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.TopicCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sftstream run}: the Kafka Streams application against a cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streaming app: raw records from the input topic become training "
                + "records on the output topic; rejected records go to the DLQ topic.")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** How long a clean shutdown may take before the process exits anyway. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    CoreOptions core;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws InterruptedException {
        final Map<String, String> env = System.getenv();
        ServiceLinks.warning(env).ifPresent(LOG::warn);
        for (final String unknown : EnvironmentNames.unrecognized(env)) {
            LOG.warn("Ignoring environment variable: {}", unknown);
        }
        final CoreSettings coreSettings = core.resolve(env);
        final RunSettings settings = run.resolve(env, true);
        final Preprocessor preprocessor = coreSettings.buildPreprocessor();
        try {
            return runUntilStopped(coreSettings, settings, preprocessor);
        } finally {
            preprocessor.tokenizer().close();
        }
    }

    private static int runUntilStopped(final CoreSettings coreSettings,
                                       final RunSettings settings,
                                       final Preprocessor preprocessor)
            throws InterruptedException {
        prepareTopics(settings, settings.streamsProperties());
        final MonitoredApp monitored = MonitoredApp.open(settings, preprocessor);
        try {
            logStartup(coreSettings, settings, preprocessor, monitored.props(),
                    monitored.topology());
            final StreamsApp app = monitored.start();
            final Thread hook = new Thread(() -> monitored.close(SHUTDOWN_TIMEOUT),
                    "sftstream-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            app.awaitStopped();
            return app.failed() ? 1 : 0;
        } finally {
            monitored.close(SHUTDOWN_TIMEOUT);
        }
    }

    /**
     * Checks (or creates) the input, output and DLQ topics, and the stats topic (created with
     * one partition); a missing one stops the command.
     */
    static void prepareTopics(final RunSettings settings, final Properties props) {
        final Map<String, Object> admin = new StreamsConfig(props).getAdminConfigs("sftstream");
        try {
            final var created = TopicCheck.ensure(admin, Set.of(settings.topics().input(),
                            settings.topics().output(), settings.topics().dlq()),
                    settings.createTopics(), settings.partitions(),
                    settings.replicationFactor(), Duration.ofSeconds(30));
            if (!created.isEmpty()) {
                LOG.info("Created topics {} with {} partitions", created, settings.partitions());
            }
            final String stats = settings.monitoring().stats().topic();
            if (!TopicCheck.ensure(admin, Set.of(stats), settings.createTopics(), 1,
                    settings.replicationFactor(), Duration.ofSeconds(30)).isEmpty()) {
                LOG.info("Created the stats topic {} with 1 partition", stats);
            }
        } catch (final IllegalStateException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    static void logStartup(final CoreSettings coreSettings, final RunSettings settings,
                           final Preprocessor preprocessor, final Properties props,
                           final Topology topology) {
        LOG.info("tokenizer {} sha256={}", preprocessor.tokenizer().source(),
                preprocessor.tokenizer().sha256Hex());
        LOG.info("template {} bos={} end-of-turn \"{}\"={} ; {}",
                preprocessor.template().name().cliName(),
                preprocessor.template().bosId().isPresent()
                        ? preprocessor.template().bosId().getAsInt() : "none",
                preprocessor.template().endOfTurnToken(), preprocessor.template().endOfTurnId(),
                coreSettings.describe());
        LOG.info("topics input={} output={} dlq={} output-format={} threads={}",
                settings.topics().input(), settings.topics().output(), settings.topics().dlq(),
                settings.outputFormat().cliName(), settings.threads());
        final MonitoringSettings monitoring = settings.monitoring();
        LOG.info("stats topic={} window={}s ; {}", monitoring.stats().topic(),
                monitoring.stats().window().toSeconds(), monitoring.metricsEnabled()
                        ? "metrics and health on port " + monitoring.metricsPort()
                        + " (/metrics, /health/live, /health/ready)"
                        : "metrics and health endpoint off (--metrics-port 0)");
        final Map<String, String> shown = new TreeMap<>();
        props.forEach((k, v) -> shown.put(k.toString(), KafkaProperties.redact(k.toString(), v)));
        LOG.info("kafka {}", shown);
        LOG.info("{}", topology.describe());
    }
}
