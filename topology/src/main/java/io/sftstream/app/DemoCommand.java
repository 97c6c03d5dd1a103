package io.sftstream.app;

import io.sftstream.embedded.QuietKafkaLogs;
import io.sftstream.sample.SampleRecords;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.serdes.Reason;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sftstream demo}: the whole pipeline on a real broker with one command. Without
 * {@code --bootstrap-servers} it starts an in-process Kafka broker, creates the topics, produces a
 * generated sample data set (all input shapes, about 5% bad records of every kind), runs the app
 * with exactly-once, shows live progress and a summary, and exits 0 when every record is
 * accounted for with the reason it was generated for.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the app on generated sample data against an in-process Kafka broker "
                + "(or --bootstrap-servers) and show what it makes of it.")
public final class DemoCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 19092;
    static final int PARTITIONS = 4;

    @Mixin
    CoreOptions core;

    @Mixin
    RunOptions run;

    @Option(names = "--port", paramLabel = "PORT",
            description = "port of the in-process broker (0 picks a free one); default 19092, "
                    + "or a free one when 19092 is taken")
    Integer port;

    @Option(names = "--records", paramLabel = "N",
            description = "how many sample records to produce; default 2000")
    int records = 2_000;

    @Option(names = "--seed", paramLabel = "N", description = "sample data seed; default 1")
    long seed = 1;

    @Option(names = "--keep-running",
            description = "keep the broker and the app up afterwards (Ctrl-C stops them) and "
                    + "print kcat commands to try")
    boolean keepRunning;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "give up waiting for the results after this long; default 300")
    int timeoutSeconds = 300;

    @Spec
    CommandSpec spec;

    /** Whether the demo chose the metrics port (the user gave none). */
    private boolean metricsPortPicked;

    /** The settings the app was opened with (its metrics port may differ from the request). */
    private RunSettings appSettings;

    @Override
    public Integer call() throws InterruptedException {
        if (!BundledBroker.present()) {
            throw new SettingsException(BundledBroker.MISSING);
        }
        QuietKafkaLogs.apply();
        quietBrokerLogs();
        final Map<String, String> env = System.getenv();
        final CoreSettings coreSettings = core.resolve(env);
        final RunSettings resolved = run.resolve(env, false);
        if (records < 1) {
            throw new SettingsException("--records has the value '" + records
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        if (resolved.bootstrapServers() != null) {
            BrokerCheck.require(resolved.bootstrapServers());
        }
        // Every port is settled before anything starts.
        final RunSettings requested = withMetricsPort(resolved, env);
        final int brokerPort = resolved.bootstrapServers() != null ? -1
                : DemoPorts.choose(port, DEFAULT_PORT, "--port", false);
        final PrintWriter out = spec.commandLine().getOut();
        DemoBroker broker = null;
        try (Preprocessor preprocessor = coreSettings.buildPreprocessor()) {
            final RunSettings settings;
            if (requested.bootstrapServers() == null) {
                out.printf("Starting an in-process Kafka broker on 127.0.0.1:%d ...%n",
                        brokerPort);
                out.flush();
                try {
                    broker = DemoBroker.start(brokerPort);
                } catch (final IllegalStateException e) {
                    throw new SettingsException(e.getMessage());
                }
                settings = requested.withBootstrapServers(broker.bootstrapServers());
            } else {
                settings = requested;
            }
            return demo(out, coreSettings, settings, preprocessor, broker);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private int demo(final PrintWriter out, final CoreSettings coreSettings,
                     final RunSettings settings, final Preprocessor preprocessor,
                     final DemoBroker broker) throws InterruptedException {
        final Topics topics = settings.topics();
        final String statsTopic = settings.monitoring().stats().topic();
        if (broker != null) {
            broker.createTopics(PARTITIONS, topics.input(), topics.output(), topics.dlq());
            broker.createTopics(1, statsTopic);
        } else {
            TopicPreparation.prepare(settings.creatingTopics(PARTITIONS));
        }
        out.printf("Topics: %s (input), %s (output), %s (dead letters), %d partitions; "
                + "%s (stats)%n", topics.input(), topics.output(), topics.dlq(), PARTITIONS,
                statsTopic);
        final List<SampleRecords.Sample> samples = SampleRecords.generate(records, 0.05, seed,
                new SampleRecords.Options(DemoView.injectableToken(preprocessor),
                        coreSettings.maxTokens(), coreSettings.maxRecordBytes(), 64, 1.0,
                        coreSettings.template() == TemplateName.MODEL));
        final EnumMap<Reason, Long> expected = expectedReasons(samples);
        produce(settings, topics.input(), samples);
        out.printf("Produced %,d sample records (%,d of them bad on purpose)%s%n", samples.size(),
                expected.values().stream().mapToLong(Long::longValue).sum(), agentKinds(samples));
        final MonitoredApp monitored = openApp(settings, preprocessor);
        final DemoView view = new DemoView(out, preprocessor);
        view.monitoring(appSettings);
        final StreamsApp app = monitored.start();
        try (CommittedTally tally = new CommittedTally(settings.bootstrapServers(),
                settings.kafkaOverrides(), topics.output(), topics.dlq(), 3)) {
            final long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            final long start = System.nanoTime();
            while (tally.total() < samples.size() && System.nanoTime() < deadline
                    && !app.failed()) {
                tally.poll(Duration.ofMillis(250));
                view.progress(tally, samples.size(), start);
            }
            tally.poll(Duration.ofMillis(500));
            view.endProgress();
            final boolean exact = view.summary(tally, samples.size(), expected);
            view.samples(tally.samples());
            if (keepRunning) {
                view.kcatCommands(settings.bootstrapServers(), topics);
                awaitCtrlC(monitored);
            }
            return exact ? 0 : 1;
        } finally {
            monitored.close(Duration.ofSeconds(10));
        }
    }

    /** ", of the good ones N tool-use and M reasoning conversations", or "" when none. */
    private static String agentKinds(final List<SampleRecords.Sample> samples) {
        long tools = 0;
        long reasoning = 0;
        for (final SampleRecords.Sample sample : samples) {
            tools += SampleRecords.TOOL_USE.equals(sample.kind()) ? 1 : 0;
            reasoning += SampleRecords.REASONING.equals(sample.kind()) ? 1 : 0;
        }
        return tools + reasoning == 0 ? "" : String.format("; of the good ones %,d tool-use and "
                + "%,d reasoning conversations", tools, reasoning);
    }

    /**
     * Opens the app. A metrics port the demo picked may have been taken by another program
     * while the broker started and the data was produced: then it takes another free one.
     */
    private MonitoredApp openApp(final RunSettings settings, final Preprocessor preprocessor) {
        appSettings = settings;
        try {
            return MonitoredApp.open(settings, preprocessor);
        } catch (final SettingsException e) {
            if (!metricsPortPicked || !settings.monitoring().metricsEnabled()) {
                throw e;
            }
            appSettings = settings.withMonitoring(new MonitoringSettings(
                    DemoPorts.choose(0, 0, SettingsTable.METRICS_PORT.flag(), true),
                    settings.monitoring().stats()));
            return MonitoredApp.open(appSettings, preprocessor);
        }
    }

    /**
     * The metrics port: as given (and then it must be free), else 9400 when free, else any free
     * port.
     */
    private RunSettings withMetricsPort(final RunSettings settings,
                                        final Map<String, String> env) {
        final String variable = env.get(SettingsTable.METRICS_PORT.env());
        final boolean given = run.metricsPort != null
                || variable != null && !variable.isEmpty();
        metricsPortPicked = !given;
        final int chosen = DemoPorts.choose(given ? settings.monitoring().metricsPort() : null,
                MonitoringSettings.DEFAULT_METRICS_PORT, SettingsTable.METRICS_PORT.flag(), true);
        final int metrics = given && settings.monitoring().metricsPort() == 0 ? 0 : chosen;
        return settings.withMonitoring(new MonitoringSettings(metrics,
                settings.monitoring().stats()));
    }

    private static EnumMap<Reason, Long> expectedReasons(final List<SampleRecords.Sample> samples) {
        final EnumMap<Reason, Long> expected = new EnumMap<>(Reason.class);
        for (final SampleRecords.Sample sample : samples) {
            if (sample.expectedReason() != null) {
                expected.merge(sample.expectedReason(), 1L, Long::sum);
            }
        }
        return expected;
    }

    private static void produce(final RunSettings settings, final String topic,
                                final List<SampleRecords.Sample> samples) {
        final Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final SampleRecords.Sample sample : samples) {
                producer.send(new ProducerRecord<>(topic, sample.key(), sample.value()));
            }
            producer.flush();
        }
    }

    /**
     * The in-process broker's own warnings (controller activation, the first transactional
     * sends' retries) say nothing to a demo user; errors still show.
     */
    private static void quietBrokerLogs() {
        for (final String logger : List.of("kafka", "org.apache.kafka.controller",
                "org.apache.kafka.server", "org.apache.kafka.storage", "org.apache.kafka.raft",
                "org.apache.kafka.metadata", "org.apache.kafka.image",
                "org.apache.kafka.coordinator", "org.apache.kafka.clients.NetworkClient",
                "org.apache.kafka.clients.producer.internals.Sender",
                "org.apache.kafka.streams.StreamsConfig")) {
            final String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
        // Logs each retried first transactional send at ERROR, though the retry succeeds.
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
    }

    private static void awaitCtrlC(final MonitoredApp app) throws InterruptedException {
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            app.close(Duration.ofSeconds(10));
            stop.countDown();
        }, "sftstream-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
    }
}
