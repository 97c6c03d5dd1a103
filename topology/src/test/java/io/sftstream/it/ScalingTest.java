package io.sftstream.it;

import io.sftstream.app.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.topology.StreamsApp;
import io.sftstream.topology.Topics;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scaling the Kafka Streams way on a 6-partition input: one instance, then a second and a third
 * join while records flow, then the third (a separate JVM) is killed with SIGKILL. A
 * {@code read_committed} reader still sees every input exactly once.
 */
class ScalingTest {

    private static final int RECORDS = 12_000;
    private static final int CHUNK = 1_000;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }


    @Test
    void shouldScaleOutAndSurviveAKilledInstanceExactlyOnce() throws Exception {
        final Topics topics = new Topics("scale-raw", "scale-tokens", "scale-dlq");
        RealBrokerStreamingTest.createTopics(broker, topics, 6);
        final StreamingAccounting accounting = new StreamingAccounting(
                RealBrokerStreamingTest.samples(31, RECORDS), topics.input(), topics.output());
        final Preprocessor preprocessor = RealBrokerStreamingTest.preprocessor();
        int produced = 0;
        try (CommittedReader reader = new CommittedReader(broker.bootstrapServers(),
                topics.output(), topics.dlq());
             StreamsApp first = RealBrokerStreamingTest.start(broker, topics, preprocessor,
                     OutputFormat.JSON, "it-scale")) {
            accounting.produce(broker.bootstrapServers(), produced, produced += CHUNK);
            reader.pollUntil(500, Duration.ofMinutes(1));
            try (StreamsApp second = RealBrokerStreamingTest.start(broker, topics,
                    preprocessor, OutputFormat.JSON, "it-scale")) {
                accounting.produce(broker.bootstrapServers(), produced, produced += CHUNK);
                try (ChildInstance third = ChildInstance.start(broker.bootstrapServers(), topics,
                        "it-scale", RealBrokerStreamingTest.MAX_TOKENS,
                        RealBrokerStreamingTest.MAX_RECORD_BYTES, "it-scale-child",
                        "--stats-window", RealBrokerStreamingTest.WINDOW.toSeconds() + "s")) {
                    assertTrue(third.awaitRunning(Duration.ofMinutes(1)), "third instance up");
                    // Records flow while the group has three members.
                    while (produced < 7 * CHUNK) {
                        accounting.produce(broker.bootstrapServers(), produced,
                                produced += CHUNK);
                        reader.pollUntil(produced - 2 * CHUNK, Duration.ofSeconds(20));
                    }
                    assertEquals(137, third.kill());
                }
                while (produced < RECORDS) {
                    accounting.produce(broker.bootstrapServers(), produced, produced += CHUNK);
                }
                reader.pollUntil(RECORDS, Duration.ofMinutes(3));
                accounting.assertExactlyOnce(reader.drain(Duration.ofSeconds(3)));
                assertEquals(RECORDS, reader.size());
            }
        }
    }
}
