package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.topology.Topics;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A clean restart: an instance (a separate JVM) is stopped with SIGTERM and started again with
 * the same application id, as a rolling update does. It leaves the group on the way out, so
 * the new process does not wait for the old member's session to expire (45 s by default): its
 * Streams instance is RUNNING within 10 s of starting, and every input is committed exactly
 * once across the restart. The JVM start and tokenizer load before that depend on the
 * machine's load and are reported, not bounded.
 */
class RestartTest {

    private static final int RECORDS = 2_000;
    private static final Duration RUNNING_WITHIN = Duration.ofSeconds(10);

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
    void shouldBeRunningWithinTenSecondsAfterACleanRestart() throws Exception {
        restart("restart", new String[0]);
    }

    @Test
    void shouldBeRunningWithinTenSecondsAfterACleanRestartOfAStaticMember() throws Exception {
        restart("restart-static", new String[] {"--instance-id", "pod-{i}"});
    }

    private static void restart(final String name, final String[] args) throws Exception {
        final Topics topics = new Topics(name + "-raw", name + "-tokens", name + "-dlq");
        RealBrokerStreamingTest.createTopics(broker, topics, 4);
        final StreamingAccounting accounting = new StreamingAccounting(
                RealBrokerStreamingTest.samples(41, RECORDS), topics.input(), topics.output());
        try (InstanceGroup group = new InstanceGroup(broker.bootstrapServers(), topics,
                "it-" + name, 1, args);
             CommittedProgress progress = new CommittedProgress(broker.bootstrapServers(), 4,
                     topics.output(), topics.dlq())) {
            group.startAll(Duration.ofMinutes(1));
            accounting.produce(broker.bootstrapServers(), 0, RECORDS / 2);
            assertTrue(progress.awaitCount(RECORDS / 4, Duration.ofMinutes(1)),
                    "records flow before the restart");
            // 143: the JVM's status after SIGTERM once its shutdown hooks have run.
            assertEquals(143, group.get(0).terminate(Duration.ofSeconds(20)), "exit status");
            // The shutdown hook closed Streams (leaving the group); on a busy machine the JVM
            // may end before the final NOT_RUNNING line reaches the log. That the group was
            // left is what the restart's timing below proves.
            assertTrue(group.get(0).output().contains("RUNNING -> PENDING_SHUTDOWN"),
                    "Streams closed on SIGTERM");
            final ChildInstance again = group.start(0);
            final Duration running = again.awaitRunningSinceStart(Duration.ofSeconds(60));
            assertNotNull(running, "RUNNING again:\n" + again.output());
            final Duration joined = again.streamsStartToRunning();
            System.out.printf("%s: RUNNING %d ms after Streams started, %d ms after the new "
                    + "process started%n", name, joined.toMillis(), running.toMillis());
            assertTrue(joined.compareTo(RUNNING_WITHIN) <= 0, "RUNNING " + joined
                    + " after Streams started, more than " + RUNNING_WITHIN);
            accounting.produce(broker.bootstrapServers(), RECORDS / 2, RECORDS);
            assertTrue(progress.awaitCount(RECORDS, Duration.ofMinutes(2)), "all committed");
            Thread.sleep(2_000);
            accounting.assertExactlyOnce(progress.stop());
        }
    }
}
