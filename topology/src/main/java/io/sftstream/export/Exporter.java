package io.sftstream.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Copies committed training records from the output topic into shard files, exactly once
 * without a consumer group: the consumer is assigned the partitions and seeks each to the
 * offset after its last complete shard (see {@link ShardName}); a shard is written under a
 * temporary name, fsynced and renamed when complete, so a killed export leaves only complete
 * shards plus temporary files that the next start deletes and reads again.
 *
 * <p>The consumer must read {@code read_committed}: offsets then only ever reach records of
 * committed transactions, and the end offsets read at start are the last stable offsets.
 * Without {@code --follow} the export stops when every partition reached them. The caller owns
 * the consumer; {@link #stop} may be called from another thread.
 */
public final class Exporter {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    private final Consumer<byte[], byte[]> consumer;
    private final ExportSettings settings;
    private final PrintWriter progress;
    private final Map<Integer, OpenShard> open = new HashMap<>();
    private volatile boolean stopping;
    private ShardDirectory directory;
    private Provenance expected;
    private long records;
    private int shards;
    private long bytes;

    public Exporter(final Consumer<byte[], byte[]> consumer, final ExportSettings settings,
                    final PrintWriter progress) {
        this.consumer = consumer;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * What one run did.
     *
     * @param records  records written into shards completed by this run
     * @param shards   shards completed by this run
     * @param bytes    their bytes on disk
     * @param elapsed  the time from start to the last shard
     * @param resumed  partitions that continued after an earlier run's shards
     * @param deletedTemporary temporary files of a killed run that were deleted
     */
    public record Summary(long records, int shards, long bytes, Duration elapsed, int resumed,
                          int deletedTemporary) {

        public double recordsPerSecond() {
            return records / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        public double megabytesPerSecond() {
            return bytes / 1e6 / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    /** Stops a following export after the current poll; its open shards are completed. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Runs the export; throws {@link ExportException} with a sentence for the user. */
    public Summary run() {
        final long start = System.nanoTime();
        ShardDirectory.create(settings.outputDir());
        try (DirectoryLock lock = DirectoryLock.acquire(settings.outputDir())) {
            directory = ShardDirectory.open(settings.outputDir());
            return export(start);
        }
    }

    private Summary export(final long start) {
        checkDirectory();
        final List<TopicPartition> partitions = partitions();
        final Map<Integer, Long> resume = directory.resumeOffsets();
        consumer.assign(partitions);
        final List<TopicPartition> fromStart = new ArrayList<>();
        int resumed = 0;
        for (final TopicPartition tp : partitions) {
            final Long next = resume.get(tp.partition());
            if (next == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, next);
                resumed++;
            }
        }
        if (!fromStart.isEmpty()) {
            // An empty list would seek every assigned partition to the beginning.
            consumer.seekToBeginning(fromStart);
        }
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        final Set<TopicPartition> active = new HashSet<>(partitions);
        try {
            try {
                poll(start, end, active);
            } catch (final WakeupException e) {
                // stop(): complete the open shards below.
            }
            for (final Integer partition : new ArrayList<>(open.keySet())) {
                complete(partition);
            }
        } catch (final IOException e) {
            throw new ExportException("writing a shard in " + settings.outputDir()
                    + " failed (" + e.getMessage() + "); check the disk and run again");
        } finally {
            discardOpenShards();
        }
        return new Summary(records, shards, bytes, Duration.ofNanos(System.nanoTime() - start),
                resumed, directory.deletedTemporary());
    }

    /** Polls until every partition reached its end (or, following, until {@link #stop}). */
    private void poll(final long start, final Map<TopicPartition, Long> end,
                      final Set<TopicPartition> active) throws IOException {
        long lastProgress = System.nanoTime();
        while (!stopping && (settings.follow() || !active.isEmpty())) {
            final ConsumerRecords<byte[], byte[]> batch;
            try {
                batch = consumer.poll(POLL);
            } catch (final OffsetOutOfRangeException e) {
                throw new ExportException("the offsets " + e.offsetOutOfRangePartitions()
                        + " to resume from are no longer in topic " + settings.topic()
                        + " (retention deleted them); export into a new --output-dir");
            }
            for (final TopicPartition tp : batch.partitions()) {
                final long limit = settings.follow() ? Long.MAX_VALUE : end.get(tp);
                for (final ConsumerRecord<byte[], byte[]> record : batch.records(tp)) {
                    if (record.offset() >= limit) {
                        break;
                    }
                    add(record);
                }
            }
            completeOldShards();
            if (!settings.follow()) {
                for (final TopicPartition tp : new ArrayList<>(active)) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        complete(tp.partition());
                        active.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
            if (System.nanoTime() - lastProgress >= PROGRESS_NANOS) {
                lastProgress = System.nanoTime();
                progress.println(progressLine(start));
                progress.flush();
            }
        }
    }

    private void checkDirectory() {
        final String formatName = Manifest.formatName(settings.format());
        for (final ShardName shard : directory.shards()) {
            if (shard.format() != settings.format()) {
                throw new ExportException("--output-dir '" + settings.outputDir()
                        + "' holds " + shard.format().extension() + " shards and this export "
                        + "writes " + settings.format().extension() + "; use the same --format "
                        + "and --gzip, or another directory");
            }
        }
        directory.manifest().ifPresent(m -> {
            if (!m.topic().equals(settings.topic())) {
                throw new ExportException("--output-dir '" + settings.outputDir()
                        + "' holds shards of topic " + m.topic() + ", not " + settings.topic()
                        + "; export each topic into its own directory");
            }
            if (!m.format().equals(formatName)) {
                throw new ExportException("--output-dir '" + settings.outputDir()
                        + "' holds " + m.format() + " shards and this export writes "
                        + formatName + "; use the same --format and --gzip, or another "
                        + "directory");
            }
            expected = m.provenance();
        });
    }

    private List<TopicPartition> partitions() {
        final List<PartitionInfo> infos = consumer.partitionsFor(settings.topic(),
                Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) {
            throw new ExportException("the topic '" + settings.topic() + "' does not exist; "
                    + "give the app's --output-topic");
        }
        final Set<Integer> existing = new HashSet<>();
        infos.forEach(p -> existing.add(p.partition()));
        final List<TopicPartition> chosen = new ArrayList<>();
        if (settings.partitions().isEmpty()) {
            new TreeSet<>(existing).forEach(p -> chosen.add(
                    new TopicPartition(settings.topic(), p)));
        } else {
            for (final int p : settings.partitions()) {
                if (!existing.contains(p)) {
                    throw new ExportException("--partitions names partition " + p + ", but "
                            + "topic " + settings.topic() + " has partitions 0 to "
                            + (existing.size() - 1));
                }
                chosen.add(new TopicPartition(settings.topic(), p));
            }
        }
        return chosen;
    }

    private void add(final ConsumerRecord<byte[], byte[]> record) throws IOException {
        final int partition = record.partition();
        final long offset = record.offset();
        final Provenance provenance = Provenance.fromHeaders(record.headers(), partition,
                offset);
        checkProvenance(provenance, partition, offset);
        OpenShard shard = open.get(partition);
        if (shard == null) {
            shard = OpenShard.start(settings, partition, offset, provenance);
            open.put(partition, shard);
        }
        shard.write(new OpenShard.Pending(record.value(), provenance, partition, offset));
        if (shard.count >= settings.shardRecords()) {
            complete(partition);
        }
    }

    private void checkProvenance(final Provenance provenance, final int partition,
                                 final long offset) throws IOException {
        if (expected == null) {
            expected = provenance;
            new Manifest(settings.topic(), Manifest.formatName(settings.format()), provenance)
                    .write(settings.outputDir());
        } else if (!expected.equals(provenance) && !settings.allowMixed()) {
            throw new ExportException("the record at partition " + partition + " offset "
                    + offset + " was made with " + provenance.describe() + ", but the shards "
                    + "in " + settings.outputDir() + " are made with " + expected.describe()
                    + "; export it into another --output-dir, or pass --allow-mixed");
        }
    }

    private void completeOldShards() throws IOException {
        if (settings.shardMaxAge() == null) {
            return;
        }
        final long now = System.nanoTime();
        for (final Integer partition : new ArrayList<>(open.keySet())) {
            if (now - open.get(partition).startNanos >= settings.shardMaxAge().toNanos()) {
                complete(partition);
            }
        }
    }

    private void complete(final int partition) throws IOException {
        final OpenShard shard = open.remove(partition);
        if (shard == null) {
            return;
        }
        final ShardName name = new ShardName(partition, shard.first, shard.last,
                settings.format());
        shard.finish();
        final Path target = settings.outputDir().resolve(name.fileName());
        if (Files.exists(target)) {
            throw new ExportException("the shard " + target + " already exists, so another "
                    + "export is writing into " + settings.outputDir() + "; run one export "
                    + "per directory");
        }
        Durable.rename(shard.tmp, target);
        records += shard.count;
        shards++;
        bytes += Files.size(target);
    }

    private void discardOpenShards() {
        for (final OpenShard shard : open.values()) {
            shard.discard();
            try {
                Files.deleteIfExists(shard.tmp);
            } catch (final IOException e) {
                // The next start deletes it.
            }
        }
        open.clear();
    }

    private String progressLine(final long start) {
        final double seconds = (System.nanoTime() - start) / 1e9;
        long pending = 0;
        for (final OpenShard shard : open.values()) {
            pending += shard.count;
        }
        return String.format(Locale.ROOT, "export: %,d records in %,d complete shards "
                + "(%.1f MB), %,d in open shards, %,.0f records/s", records, shards,
                bytes / 1e6, pending, (records + pending) / Math.max(seconds, 1e-9));
    }
}
