package io.sftstream.app;

import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.KafkaProperties;
import io.sftstream.topology.ServiceLinks;
import io.sftstream.topology.StreamsApp;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
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
        final Duration interval = new SettingSource(env).get(SettingsTable.PROGRESS_INTERVAL,
                null);
        BrokerCheck.require(settings.bootstrapServers());
        // The cluster first: a wrong address, password or trust store is reported in seconds,
        // not after the tokenizer has loaded.
        TopicPreparation.prepare(settings);
        try (Preprocessor preprocessor = coreSettings.buildPreprocessor()) {
            return runUntilStopped(coreSettings, settings, preprocessor, interval);
        }
    }

    private static int runUntilStopped(final CoreSettings coreSettings,
                                       final RunSettings settings,
                                       final Preprocessor preprocessor,
                                       final Duration interval)
            throws InterruptedException {
        final ProgressLog progress = new ProgressLog();
        final MonitoredApp monitored = MonitoredApp.open(settings, preprocessor, progress);
        try {
            logStartup(coreSettings, settings, preprocessor, monitored.props(),
                    monitored.topology());
            final StreamsApp app = monitored.start();
            progress.start(interval, monitored::streams);
            final Thread hook = new Thread(() -> monitored.close(SHUTDOWN_TIMEOUT),
                    "sftstream-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            app.awaitStopped();
            return app.failed() ? 1 : 0;
        } finally {
            progress.close();
            monitored.close(SHUTDOWN_TIMEOUT);
        }
    }

    static void logStartup(final CoreSettings coreSettings, final RunSettings settings,
                           final Preprocessor preprocessor, final Properties props,
                           final Topology topology) {
        LOG.info("tokenizer {} sha256={}", preprocessor.tokenizer().source(),
                preprocessor.tokenizer().sha256Hex());
        LOG.info("template {} bos={} end-of-turn \"{}\"={} ; {}",
                preprocessor.template().name(),
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
