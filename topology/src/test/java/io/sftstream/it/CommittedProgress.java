package io.sftstream.it;

import io.sftstream.app.CommittedReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Reads the committed output and DLQ records from a thread of its own and notes when each
 * arrived, by the input partition it came from ({@code seq % partitions}, as
 * {@link PacedLoad} produces). Answers how long each input partition went without committed
 * output, and how many records were committed in a time span.
 */
final class CommittedProgress implements AutoCloseable {

    /** One committed record: its sequence number and when the reader saw it. */
    record Arrival(int seq, long nanos) {
    }

    private final int partitions;
    private final CommittedReader reader;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;

    CommittedProgress(final String servers, final int partitions, final String... topics) {
        this.partitions = partitions;
        this.reader = new CommittedReader(servers, topics);
        this.thread = new Thread(this::loop, "committed-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!stopping) {
                final List<ConsumerRecord<byte[], byte[]>> polled =
                        reader.poll(Duration.ofMillis(100));
                final long now = System.nanoTime();
                synchronized (this) {
                    for (final ConsumerRecord<byte[], byte[]> r : polled) {
                        records.add(r);
                        arrivals.add(new Arrival(Integer.parseInt(
                                StreamingAccounting.header(r, "seq")), now));
                    }
                    notifyAll();
                }
            }
        } catch (final InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized int count() {
        return records.size();
    }

    /** Waits until at least {@code count} records were read; false on timeout. */
    synchronized boolean awaitCount(final int count, final Duration timeout)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Records that arrived in [from, to) (nano times). */
    synchronized long countBetween(final long from, final long to) {
        return arrivals.stream().filter(a -> a.nanos() >= from && a.nanos() < to).count();
    }

    /**
     * For each input partition, the time from {@code since} until the first arrival of a
     * record from it with {@code seq >= minSeq} (one produced after {@code since}); null for a
     * partition with none yet.
     */
    synchronized Duration[] firstOutputAfter(final long since, final int minSeq) {
        final Duration[] first = new Duration[partitions];
        for (final Arrival a : arrivals) {
            final int p = a.seq() % partitions;
            if (a.seq() >= minSeq && first[p] == null) {
                first[p] = Duration.ofNanos(Math.max(0, a.nanos() - since));
            }
        }
        return first;
    }

    /**
     * {@link #firstOutputAfter}, waiting until every partition has delivered or
     * {@code timeout} has passed.
     */
    Duration[] awaitFirstOutputAfter(final long since, final int minSeq, final Duration timeout)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final Duration[] first = firstOutputAfter(since, minSeq);
            if (Arrays.stream(first).allMatch(d -> d != null) || System.nanoTime() > deadline) {
                return first;
            }
            Thread.sleep(200);
        }
    }

    /**
     * The longest time any input partition went without a committed record within
     * [from, to): the largest gap between consecutive arrivals, counting the span's ends.
     */
    synchronized Duration longestStall(final long from, final long to) {
        final long[] last = new long[partitions];
        Arrays.fill(last, from);
        long longest = 0;
        for (final Arrival a : arrivals) {
            if (a.nanos() < from || a.nanos() >= to) {
                continue;
            }
            final int p = a.seq() % partitions;
            longest = Math.max(longest, a.nanos() - last[p]);
            last[p] = a.nanos();
        }
        for (final long l : last) {
            longest = Math.max(longest, to - l);
        }
        return Duration.ofNanos(longest);
    }

    /** Stops reading and returns every record read. */
    List<ConsumerRecord<byte[], byte[]>> stop() throws InterruptedException {
        stopping = true;
        thread.join();
        synchronized (this) {
            return List.copyOf(records);
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
