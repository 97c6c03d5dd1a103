package io.sftstream.it;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Produces the samples of a {@link StreamingAccounting} at a steady rate from a thread of its
 * own, sample {@code i} to input partition {@code i % partitions}, until stopped or out of
 * samples. {@link #finish} produces whatever is left.
 */
final class PacedLoad implements AutoCloseable {

    private static final int TICKS_PER_SECOND = 10;

    private final StreamingAccounting accounting;
    private final KafkaProducer<byte[], byte[]> producer;
    private final int partitions;
    private final int perTick;
    private final AtomicInteger produced = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Exception failure;

    PacedLoad(final StreamingAccounting accounting, final String servers, final int partitions,
              final int perSecond) {
        this.accounting = accounting;
        this.producer = StreamingAccounting.producer(servers);
        this.partitions = partitions;
        this.perTick = Math.max(1, perSecond / TICKS_PER_SECOND);
        this.thread = new Thread(this::loop, "paced-load");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime();
        try {
            while (!stopping && produced.get() < accounting.size()) {
                final int from = produced.get();
                final int to = Math.min(accounting.size(), from + perTick);
                accounting.produce(producer, from, to, partitions);
                produced.set(to);
                next += 1_000_000_000L / TICKS_PER_SECOND;
                final long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | RuntimeException e) {
            failure = e;
        }
    }

    /** How many samples are on the broker. */
    int produced() {
        return produced.get();
    }

    /** Stops the steady load, then produces the samples that are left; returns their count. */
    int finish() throws InterruptedException, ExecutionException {
        stopping = true;
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("the load producer failed", failure);
        }
        final int from = produced.get();
        accounting.produce(producer, from, accounting.size(), partitions);
        produced.set(accounting.size());
        return accounting.size() - from;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
