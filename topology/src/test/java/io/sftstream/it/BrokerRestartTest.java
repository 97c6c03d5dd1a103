package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.topology.Topics;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker stopped and started again on the same data directory and port in the middle of a
 * run, with two instances (separate JVMs) under a steady load: the instances keep running (no
 * process exits), committed output resumes by itself, and the run ends with every input
 * exactly once. 10 s down by default; 40 s (longer than the group session, so every member
 * has to rejoin) in the {@code soak} tag.
 */
class BrokerRestartTest {

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
    @Tag("availability")
    void shouldRecoverByItselfWhenTheBrokerRestarts() throws Exception {
        run("broker-restart", Duration.ofSeconds(10));
    }

    @Test
    @Tag("soak")
    void shouldRecoverByItselfWhenTheBrokerIsDownLongerThanTheSession() throws Exception {
        run("broker-down", Duration.ofSeconds(40));
    }

    private static void run(final String name, final Duration downtime) throws Exception {
        final int partitions = CrashRecoveryTest.PARTITIONS;
        final int rate = CrashRecoveryTest.RATE;
        final Topics topics = new Topics(name + "-raw", name + "-tokens", name + "-dlq");
        RealBrokerStreamingTest.createTopics(broker, topics, partitions);
        final StreamingAccounting accounting = new StreamingAccounting(
                RealBrokerStreamingTest.samples(61, rate * 90), topics.input(),
                topics.output());
        try (InstanceGroup group = new InstanceGroup(broker.bootstrapServers(), topics,
                "it-" + name, 2);
             CommittedProgress progress = new CommittedProgress(broker.bootstrapServers(),
                     partitions, topics.output(), topics.dlq())) {
            group.startAll(Duration.ofMinutes(2));
            try (PacedLoad load = new PacedLoad(accounting, broker.bootstrapServers(),
                    partitions, rate)) {
                Thread.sleep(10_000);
                final long stopped = System.nanoTime();
                broker.restart(downtime);
                final long back = System.nanoTime();
                final int minSeq = load.produced();
                final Duration[] first = progress.awaitFirstOutputAfter(back, minSeq,
                        Duration.ofMinutes(2));
                final StringBuilder shown = new StringBuilder();
                for (final Duration d : first) {
                    shown.append(d == null ? "none" : d.toMillis()).append(' ');
                }
                System.out.printf("%s: broker down %d ms; first output per partition after it "
                        + "was back: %sms%n", name, (back - stopped) / 1_000_000, shown);
                for (int p = 0; p < partitions; p++) {
                    assertNotNull(first[p], "partition " + p + " delivers again");
                }
                load.finish();
            }
            CrashRecoveryTest.awaitAll(progress, accounting);
            for (int i = 0; i < group.size(); i++) {
                assertTrue(group.get(i).isAlive(), "instance " + i + " kept running:\n"
                        + group.get(i).output());
            }
        }
    }
}
