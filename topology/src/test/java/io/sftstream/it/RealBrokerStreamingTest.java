package io.sftstream.it;

import io.sftstream.app.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.sample.SampleRecords;
import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.topology.RecordListener;
import io.sftstream.topology.SftTopology;
import io.sftstream.topology.stats.StatsFlow;
import io.sftstream.topology.stats.StatsSettings;
import io.sftstream.topology.stats.StatsWindow;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.StreamsConfigs;
import io.sftstream.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming guarantees against a real (in-process) Kafka broker: outputs plus dead letters
 * account for every input exactly once, and so do the stats windows, with two instances and
 * after one is killed.
 */
class RealBrokerStreamingTest {

    static final int MAX_TOKENS = 1024;
    static final int MAX_RECORD_BYTES = 64 * 1024;
    static final int RECORDS = 10_000;
    static final Duration WINDOW = Duration.ofSeconds(1);

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static List<SampleRecords.Sample> samples(final long seed, final int count) {
        return SampleRecords.generate(count, 0.1, seed, new SampleRecords.Options(
                "<|im_end|>", MAX_TOKENS, MAX_RECORD_BYTES, 300, 0.2));
    }

    static Preprocessor preprocessor() {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        return new Preprocessor(new RecordParser(InputFormat.AUTO, MAX_RECORD_BYTES), qwen,
                BuiltinTemplate.resolve(qwen, TemplateName.CHATML, null, null), MAX_TOKENS,
                Overlong.REJECT, false);
    }

    static StatsSettings stats(final Topics topics) {
        return new StatsSettings(topics.output() + "-stats", WINDOW);
    }

    static Properties streamsProps(final EmbeddedKafkaBroker broker, final String appId,
                                   final Topics topics) {
        return StreamsConfigs.withMonitoring(StreamsConfigs.build(appId,
                broker.bootstrapServers(), 1, topics.dlq(),
                Map.of("consumer.session.timeout.ms", "6000",
                        "consumer.heartbeat.interval.ms", "1000")), RecordListener.NONE,
                stats(topics));
    }

    /** An instance as {@code run} starts it: the topology with its stats flow. */
    static StreamsApp start(final EmbeddedKafkaBroker broker, final Topics topics,
                            final Preprocessor preprocessor, final OutputFormat format,
                            final String appId) {
        return StreamsApp.start(SftTopology.build(topics, preprocessor, format,
                RecordListener.NONE, stats(topics)), streamsProps(broker, appId, topics));
    }

    private static StreamsApp start(final Topics topics, final Preprocessor preprocessor,
                                    final OutputFormat format, final String appId) {
        return start(broker, topics, preprocessor, format, appId);
    }

    static void createTopics(final EmbeddedKafkaBroker broker, final Topics topics,
                             final int partitions) {
        broker.createTopics(partitions, topics.input(), topics.output(), topics.dlq());
        broker.createTopics(1, stats(topics).topic());
    }

    private static void createTopics(final Topics topics) {
        createTopics(broker, topics, 4);
    }

    /** Records in topics that only the stats flow writes. */
    private static int statsFlowWrites(final String appId, final Topics topics) {
        final List<String> written = new ArrayList<>(StatsFlow.internalTopics(appId));
        written.add(stats(topics).topic());
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                written.toArray(new String[0]))) {
            return reader.drain(Duration.ofSeconds(2)).size();
        }
    }

    @Test
    void shouldAccountForTenThousandRecordsWithTwoInstances() throws Exception {
        final Topics topics = new Topics("two-raw", "two-tokens", "two-dlq");
        createTopics(topics);
        final StreamingAccounting accounting = new StreamingAccounting(samples(21, RECORDS),
                topics.input(), topics.output());
        accounting.produce(broker.bootstrapServers(), 0, RECORDS);
        final Preprocessor preprocessor = preprocessor();
        try (StreamsApp first = start(topics, preprocessor, OutputFormat.JSON, "it-two");
             StreamsApp second = start(topics, preprocessor, OutputFormat.BINARY, "it-two");
             CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                     topics.output(), topics.dlq())) {
            reader.pollUntil(RECORDS, Duration.ofMinutes(3));
            final List<ConsumerRecord<byte[], byte[]>> committed =
                    reader.drain(Duration.ofSeconds(2));
            accounting.assertExactlyOnce(committed);
            final List<StatsWindow> windows = StatsAccounting.read(broker.bootstrapServers(),
                    stats(topics).topic(), RECORDS, Duration.ofSeconds(60));
            StatsAccounting.assertAddsUp(windows, WINDOW, committed, topics.output());
            // The stats flow writes per task and commit, or per window: not per record.
            final int writes = statsFlowWrites("it-two", topics);
            assertTrue(writes < RECORDS / 10, writes + " stats-flow writes for " + RECORDS
                    + " records");
            assertTrue(first.streams().metadataForLocalThreads().stream()
                    .anyMatch(t -> !t.activeTasks().isEmpty()), "both instances did work");
            assertTrue(second.streams().metadataForLocalThreads().stream()
                    .anyMatch(t -> !t.activeTasks().isEmpty()), "both instances did work");
        }
    }

    @Test
    void shouldStayExactlyOnceWhenAnInstanceIsKilled() throws Exception {
        final Topics topics = new Topics("crash-raw", "crash-tokens", "crash-dlq");
        createTopics(topics);
        final StreamingAccounting accounting = new StreamingAccounting(samples(22, RECORDS),
                topics.input(), topics.output());
        accounting.produce(broker.bootstrapServers(), 0, 4_000);
        try (ChildInstance child = ChildInstance.start(broker.bootstrapServers(), topics,
                "it-crash", MAX_TOKENS, MAX_RECORD_BYTES, "it-crash-child",
                "--stats-window", WINDOW.toSeconds() + "s");
             CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                topics.output(), topics.dlq())) {
            reader.pollUntil(500, Duration.ofMinutes(2));
            assertTrue(reader.size() >= 500, "the child instance is processing");
            try (StreamsApp survivor = start(topics, preprocessor(), OutputFormat.JSON,
                    "it-crash")) {
                accounting.produce(broker.bootstrapServers(), 4_000, 7_000);
                reader.pollUntil(2_500, Duration.ofMinutes(2));
                // A real crash: SIGKILL, in the middle of open transactions.
                assertEquals(137, child.kill());
                accounting.produce(broker.bootstrapServers(), 7_000, RECORDS);
                reader.pollUntil(RECORDS, Duration.ofMinutes(3));
                final List<ConsumerRecord<byte[], byte[]>> committed =
                        reader.drain(Duration.ofSeconds(3));
                accounting.assertExactlyOnce(committed);
                StatsAccounting.assertAddsUp(StatsAccounting.read(broker.bootstrapServers(),
                        stats(topics).topic(), RECORDS, Duration.ofSeconds(60)), WINDOW,
                        committed, topics.output());
            }
        }
    }
}
