package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.sample.SampleRecords;
import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.Template;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.topology.SftTopology;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.StreamsConfigs;
import io.sftstream.topology.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The streaming guarantees against a real (in-process) Kafka broker. */
class RealBrokerStreamingTest {

    static final int MAX_TOKENS = 1024;
    static final int MAX_RECORD_BYTES = 64 * 1024;
    static final int RECORDS = 10_000;

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
                Template.resolve(qwen, TemplateName.CHATML, null, null), MAX_TOKENS,
                Overlong.REJECT, false);
    }

    private static Properties streamsProps(final String appId, final Topics topics) {
        return StreamsConfigs.build(appId, broker.bootstrapServers(), 1, topics.dlq(),
                Map.of("consumer.session.timeout.ms", "6000",
                        "consumer.heartbeat.interval.ms", "1000"));
    }

    @Test
    void shouldAccountForTenThousandRecordsWithTwoInstances() throws Exception {
        final Topics topics = new Topics("two-raw", "two-tokens", "two-dlq");
        broker.createTopics(4, topics.input(), topics.output(), topics.dlq());
        final StreamingAccounting accounting = new StreamingAccounting(samples(21, RECORDS),
                topics.input(), topics.output());
        accounting.produce(broker.bootstrapServers(), 0, RECORDS);
        final Preprocessor preprocessor = preprocessor();
        try (StreamsApp first = StreamsApp.start(SftTopology.build(topics, preprocessor,
                     OutputFormat.JSON), streamsProps("it-two", topics));
             StreamsApp second = StreamsApp.start(SftTopology.build(topics, preprocessor,
                     OutputFormat.BINARY), streamsProps("it-two", topics));
             CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                     topics.output(), topics.dlq())) {
            reader.pollUntil(RECORDS, Duration.ofMinutes(3));
            accounting.assertExactlyOnce(reader.drain(Duration.ofSeconds(2)));
            assertTrue(first.streams().metadataForLocalThreads().stream()
                    .anyMatch(t -> !t.activeTasks().isEmpty()), "both instances did work");
            assertTrue(second.streams().metadataForLocalThreads().stream()
                    .anyMatch(t -> !t.activeTasks().isEmpty()), "both instances did work");
        }
    }

    @Test
    void shouldStayExactlyOnceWhenAnInstanceIsKilled() throws Exception {
        final Topics topics = new Topics("crash-raw", "crash-tokens", "crash-dlq");
        broker.createTopics(4, topics.input(), topics.output(), topics.dlq());
        final StreamingAccounting accounting = new StreamingAccounting(samples(22, RECORDS),
                topics.input(), topics.output());
        accounting.produce(broker.bootstrapServers(), 0, 4_000);
        try (ChildInstance child = ChildInstance.start(broker.bootstrapServers(), topics,
                "it-crash", MAX_TOKENS, MAX_RECORD_BYTES, "it-crash-child");
             CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                topics.output(), topics.dlq())) {
            reader.pollUntil(500, Duration.ofMinutes(2));
            assertTrue(reader.size() >= 500, "the child instance is processing");
            try (StreamsApp survivor = StreamsApp.start(SftTopology.build(topics,
                    preprocessor(), OutputFormat.JSON), streamsProps("it-crash", topics))) {
                accounting.produce(broker.bootstrapServers(), 4_000, 7_000);
                reader.pollUntil(2_500, Duration.ofMinutes(2));
                // A real crash: SIGKILL, in the middle of open transactions.
                assertEquals(137, child.kill());
                accounting.produce(broker.bootstrapServers(), 7_000, RECORDS);
                reader.pollUntil(RECORDS, Duration.ofMinutes(3));
                accounting.assertExactlyOnce(reader.drain(Duration.ofSeconds(3)));
            }
        }
    }
}
