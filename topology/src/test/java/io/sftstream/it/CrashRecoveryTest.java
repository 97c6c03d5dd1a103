package io.sftstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.embedded.EmbeddedKafkaBroker;
import io.sftstream.topology.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Availability under crashes: three instances (separate JVMs, one stream thread each) on a
 * 6-partition input fed at a steady rate, killed with SIGKILL and started again at once, as
 * Kubernetes restarts a crashed container. Asserted, with the app's default group settings:
 * <ul>
 *   <li>one kill with quiet time around it: every input partition delivers committed output
 *       of records produced after the kill within 15 s of it, and the restarted instance's
 *       Streams is RUNNING within 15 s of its start (and within 20 s of its process's
 *       start);</li>
 *   <li>a kill every 15 s: the records committed during the storm are at least half of what
 *       the undisturbed run committed in as long, and no input partition goes more than
 *       30 s without committed output (two minutes in the {@code soak} tag, 45 s by
 *       default);</li>
 *   <li>always: outputs plus dead letters account for every input exactly once, each dead
 *       letter with its reason ({@link StreamingAccounting}).</li>
 * </ul>
 * Timings are printed; docs/SCALING.md has them, measured on a quiet 2-core machine.
 */
class CrashRecoveryTest {

    static final int PARTITIONS = 6;
    static final int RATE = 100;
    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final Duration LONGEST_STALL = Duration.ofSeconds(30);
    /**
     * From the restarted process's start: the JVM and the tokenizer load come first, on cores
     * that the survivors are using to catch up (9.7-13.5 s measured on a quiet 2-core machine).
     */
    private static final Duration PROCESS_START_TO_RUNNING = Duration.ofSeconds(20);
    private static final Duration KILL_EVERY = Duration.ofSeconds(15);

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
    void shouldDeliverFromEveryPartitionWithinFifteenSecondsOfAKill() throws Exception {
        final Topics topics = topics("kill-one");
        final StreamingAccounting accounting = new StreamingAccounting(
                RealBrokerStreamingTest.samples(51, RATE * 120), topics.input(),
                topics.output());
        try (InstanceGroup group = new InstanceGroup(broker.bootstrapServers(), topics,
                "it-kill-one", 3);
             CommittedProgress progress = new CommittedProgress(broker.bootstrapServers(),
                     PARTITIONS, topics.output(), topics.dlq())) {
            group.startAll(Duration.ofMinutes(2));
            try (PacedLoad load = new PacedLoad(accounting, broker.bootstrapServers(),
                    PARTITIONS, RATE)) {
                Thread.sleep(15_000);
                final int minSeq = load.produced();
                final long killed = System.nanoTime();
                assertEquals(137, group.get(1).kill());
                final ChildInstance again = group.start(1);
                final Duration[] first = progress.awaitFirstOutputAfter(killed, minSeq,
                        Duration.ofSeconds(90));
                final Duration running = again.awaitRunningSinceStart(Duration.ofMinutes(2));
                final Duration joined = again.streamsStartToRunning();
                System.out.printf("kill-one: restarted RUNNING %s ms after Streams started "
                        + "(%s ms after process start); first output per partition after the "
                        + "kill: %s ms%n", joined == null ? "never" : joined.toMillis(),
                        running == null ? "never" : running.toMillis(), millis(first));
                assertNotNull(joined, "the restarted instance is RUNNING:\n" + again.output());
                for (int p = 0; p < PARTITIONS; p++) {
                    assertNotNull(first[p], "partition " + p + " delivered again");
                    assertTrue(first[p].compareTo(RECOVERY) <= 0, "partition " + p
                            + " delivered again " + first[p] + " after the kill");
                }
                assertTrue(joined.compareTo(RECOVERY) <= 0, "restarted instance RUNNING "
                        + joined + " after Streams started");
                assertTrue(running.compareTo(PROCESS_START_TO_RUNNING) <= 0, "restarted "
                        + "instance RUNNING " + running + " after its process started");
                load.finish();
            }
            awaitAll(progress, accounting);
        }
    }

    @Test
    @Tag("availability")
    void shouldKeepHalfTheThroughputUnderAShortKillStorm() throws Exception {
        storm("storm-short", Duration.ofSeconds(45));
    }

    @Test
    @Tag("soak")
    void shouldKeepHalfTheThroughputUnderAKillEveryFifteenSecondsForTwoMinutes()
            throws Exception {
        storm("storm-long", Duration.ofMinutes(2));
    }

    private static void storm(final String name, final Duration length) throws Exception {
        final Duration baseline = Duration.ofSeconds(20);
        final Topics topics = topics(name);
        final StreamingAccounting accounting = new StreamingAccounting(
                RealBrokerStreamingTest.samples(52, (int) (RATE * (length.toSeconds() + 60))),
                topics.input(), topics.output());
        try (InstanceGroup group = new InstanceGroup(broker.bootstrapServers(), topics,
                "it-" + name, 3);
             CommittedProgress progress = new CommittedProgress(broker.bootstrapServers(),
                     PARTITIONS, topics.output(), topics.dlq())) {
            group.startAll(Duration.ofMinutes(2));
            try (PacedLoad load = new PacedLoad(accounting, broker.bootstrapServers(),
                    PARTITIONS, RATE)) {
                Thread.sleep(5_000);
                final long calmFrom = System.nanoTime();
                Thread.sleep(baseline.toMillis());
                final long stormFrom = System.nanoTime();
                final long calm = progress.countBetween(calmFrom, stormFrom);
                int kills = 0;
                while (System.nanoTime() - stormFrom < length.toNanos()) {
                    final int victim = kills++ % group.size();
                    assertEquals(137, group.get(victim).kill());
                    group.start(victim);
                    Thread.sleep(Math.min(KILL_EVERY.toMillis(), Math.max(0,
                            (length.toNanos() - (System.nanoTime() - stormFrom)) / 1_000_000)));
                }
                final long stormTo = System.nanoTime();
                final long stormed = progress.countBetween(stormFrom, stormTo);
                final double ratio = (double) stormed / (stormTo - stormFrom)
                        / ((double) calm / (stormFrom - calmFrom));
                final Duration stall = progress.longestStall(stormFrom, stormTo);
                System.out.printf("%s: %d kills in %d s; committed %.1f/s undisturbed, %.1f/s "
                        + "in the storm (%.0f%%); longest partition stall %d ms%n", name, kills,
                        length.toSeconds(), calm * 1e9 / (stormFrom - calmFrom),
                        stormed * 1e9 / (stormTo - stormFrom), ratio * 100, stall.toMillis());
                assertTrue(ratio >= 0.5, "storm throughput " + ratio + " of the undisturbed");
                assertTrue(stall.compareTo(LONGEST_STALL) <= 0, "a partition stalled " + stall);
                load.finish();
            }
            awaitAll(progress, accounting);
        }
    }

    static Topics topics(final String name) {
        final Topics topics = new Topics(name + "-raw", name + "-tokens", name + "-dlq");
        RealBrokerStreamingTest.createTopics(broker, topics, PARTITIONS);
        return topics;
    }

    static void awaitAll(final CommittedProgress progress,
                         final StreamingAccounting accounting) throws InterruptedException {
        assertTrue(progress.awaitCount(accounting.size(), Duration.ofMinutes(3)),
                "all committed");
        Thread.sleep(3_000);
        accounting.assertExactlyOnce(progress.stop());
    }

    private static String millis(final Duration[] durations) {
        return Arrays.stream(durations).map(d -> d == null ? "none" : Long.toString(d.toMillis()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
