package io.sftstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall-clock sampling of the stream threads: every few milliseconds, where each one is,
 * running or waiting. CPU profilers (JFR's execution samples) see only running threads; this
 * shows the time a stream thread spends blocked in {@code poll}, in the producer's flush or in
 * the transaction calls of a commit. Each sample is put in the first matching bucket of
 * {@link #BUCKETS}, by the frames of its stack from the top.
 */
final class WallSampler implements AutoCloseable {

    private static final String STREAMS = "org.apache.kafka.streams.processor.internals.";
    private static final String PRODUCER = "org.apache.kafka.clients.producer.KafkaProducer.";
    /** Bucket name and a frame prefix that puts a sample there, checked in this order. */
    private static final String[][] BUCKETS = {
        {"commit: producer flush (waiting for acks)", STREAMS + "RecordCollectorImpl.flush"},
        {"commit: offsets to the transaction", PRODUCER + "sendOffsetsToTransaction"},
        {"commit: commitTransaction", PRODUCER + "commitTransaction"},
        {"commit: other", STREAMS + "TaskExecutor.commitOffsetsOrTransaction"},
        {"poll: waiting for a fetch", "sun.nio.ch.EPoll.wait"},
        {"poll: other", STREAMS + "StreamThread.pollPhase"},
        {"tokenizer", "io.sftstream.tokenize.TokenizerBundle.encode"},
        {"parse the record", "io.sftstream.serdes.RecordParser.parse"},
        {"write the output (Serde)", "io.sftstream.serdes.TrainingRecordSerde"},
        {"producer send (append, compress)", PRODUCER + "send"},
        {"stats tally", "io.sftstream.topology.stats.StatsTallyProcessor.process"},
        {"template, labels, checks", "io.sftstream.tokenize.Preprocessor.process"},
        {"metrics listener", "io.sftstream.app.MonitoredApp"},
        {"punctuation", STREAMS + "TaskManager.punctuate"},
        {"other Streams processing", STREAMS + "TaskManager.process"},
    };

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong samples = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;
    private long[] streamThreads;

    private WallSampler(final long intervalMillis) {
        sample();
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, "bench-wall-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Takes one sample now, then one every {@code intervalMillis} until closed. */
    static WallSampler start(final long intervalMillis) {
        return new WallSampler(intervalMillis);
    }

    private void sample() {
        if (streamThreads == null) {
            streamThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().contains("StreamThread")
                            && !t.getName().contains("producer"))
                    .mapToLong(Thread::getId).toArray();
        }
        // Only the stream threads' stacks: a dump of every thread costs a longer safepoint.
        for (final ThreadInfo info : THREADS.getThreadInfo(streamThreads, 48)) {
            if (info == null) {
                continue;
            }
            samples.incrementAndGet();
            counts.computeIfAbsent(bucket(info.getStackTrace()), k -> new AtomicLong())
                    .incrementAndGet();
        }
    }

    private static String bucket(final StackTraceElement[] stack) {
        final List<String> frames = new ArrayList<>(stack.length);
        for (final StackTraceElement frame : stack) {
            frames.add(frame.getClassName() + "." + frame.getMethodName());
        }
        for (final String[] bucket : BUCKETS) {
            for (final String frame : frames) {
                if (frame.startsWith(bucket[1])) {
                    return bucket[0];
                }
            }
        }
        return frames.isEmpty() ? "no stack" : "other: " + frames.get(0);
    }

    /** Share of the samples per bucket, largest first; empty before any sample. */
    Map<String, Double> shares() {
        final long total = samples.get();
        final Map<String, Double> shares = new LinkedHashMap<>();
        if (total == 0) {
            return shares;
        }
        counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                .forEach(e -> shares.put(e.getKey(), (double) e.getValue().get() / total));
        return shares;
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
