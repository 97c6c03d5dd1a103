package io.sftstream.app;

import io.sftstream.export.ExportException;
import io.sftstream.export.ExportSettings;
import io.sftstream.export.Exporter;
import io.sftstream.export.ShardFormat;
import io.sftstream.export.ValueDecoding;
import io.sftstream.topology.KafkaProperties;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sftstream export}: the committed records of the output topic into Parquet or JSON-lines
 * shards, exactly once per record across kills and restarts (see {@link Exporter}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the committed training records of the output topic into Parquet "
                + "or JSON-lines shards, one offset range of one partition each; a restart "
                + "continues after the last complete shard. Stops at the end offsets read at "
                + "start unless --follow.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; env SFTSTREAM_BOOTSTRAP_SERVERS or "
                    + "KAFKA_BOOTSTRAP_SERVERS")
    String bootstrapServers;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "the app's output topic, read here; env SFTSTREAM_OUTPUT_TOPIC; "
                    + "default sft-tokens")
    String outputTopic;

    @Option(names = "--partitions", paramLabel = "P[,P...]",
            description = "export only these partitions, e.g. 0,2; default all")
    String partitions;

    @Option(names = "--output-dir", paramLabel = "DIR", required = true,
            description = "where the shards go (created if missing)")
    Path outputDir;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "parquet or jsonl; default parquet")
    String format = "parquet";

    @Option(names = "--gzip", description = "gzip the JSON-lines shards (.jsonl.gz)")
    boolean gzip;

    @Option(names = "--compression", paramLabel = "CODEC",
            description = "Parquet page compression: zstd, snappy or none; default zstd")
    String compression = "zstd";

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "record values: auto (per record), json or binary; default auto")
    String inputFormat = "auto";

    @Option(names = "--shard-records", paramLabel = "N",
            description = "records per shard; default 100000")
    int shardRecords = 100_000;

    @Option(names = "--shard-max-age", paramLabel = "DURATION",
            description = "complete a shard this long after its first record: 30s, 5m, 1h; "
                    + "default: only by size and at the end")
    String shardMaxAge;

    @Option(names = "--follow",
            description = "keep exporting new records until Ctrl-C instead of stopping at the "
                    + "end")
    boolean follow;

    @Option(names = "--allow-mixed",
            description = "accept records made with another tokenizer, template or end-of-turn "
                    + "id than the directory's")
    boolean allowMixed;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "any Kafka consumer property (repeatable)")
    List<String> kafka = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "a properties file of Kafka consumer properties; env "
                    + "SFTSTREAM_KAFKA_CONFIG")
    Path kafkaConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final Map<String, String> env = System.getenv();
        final SettingSource s = new SettingSource(env);
        final Map<String, String> overrides = s.kafkaOverrides(kafkaConfig, kafka);
        final String servers = s.bootstrapServers(bootstrapServers, overrides, true);
        final ExportSettings settings = settings(s);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers, overrides)) {
            final Exporter exporter = new Exporter(consumer, settings, err);
            final Exporter.Summary summary = runUntilDone(exporter, servers);
            out.println(summaryLine(summary, settings));
            out.flush();
            return 0;
        }
    }

    private ExportSettings settings(final SettingSource s) {
        final String topic = s.get(SettingsTable.OUTPUT_TOPIC, outputTopic);
        final ShardFormat shardFormat = switch (format) {
            case "parquet" -> {
                if (gzip) {
                    throw new SettingsException("--gzip applies to --format jsonl only; Parquet "
                            + "shards are compressed with --compression");
                }
                yield ShardFormat.PARQUET;
            }
            case "jsonl" -> gzip ? ShardFormat.JSONL_GZIP : ShardFormat.JSONL;
            default -> throw new SettingsException("--format has the value '" + format
                    + "', which is not allowed; allowed: parquet, jsonl");
        };
        final CompressionCodecName codec = switch (compression) {
            case "zstd" -> CompressionCodecName.ZSTD;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            default -> throw new SettingsException("--compression has the value '"
                    + compression + "', which is not allowed; allowed: zstd, snappy, none");
        };
        final ValueDecoding decoding = parse("--input-format", inputFormat,
                "auto, json, binary", ValueDecoding::fromCliName);
        if (shardRecords < 1) {
            throw new SettingsException("--shard-records has the value '" + shardRecords
                    + "', which is not allowed; allowed: a whole number from 1");
        }
        final Duration maxAge = shardMaxAge == null ? null : parse("--shard-max-age",
                shardMaxAge, MonitoringSettings.WINDOW_ALLOWED, MonitoringSettings::parseWindow);
        return new ExportSettings(topic, parsePartitions(partitions), outputDir, shardFormat,
                codec, decoding, shardRecords, maxAge, follow, allowMixed);
    }

    private static <T> T parse(final String flag, final String value, final String allowed,
                               final Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (final IllegalArgumentException e) {
            throw new SettingsException(flag + " has the value '" + value + "', which is not "
                    + "allowed; allowed: " + allowed);
        }
    }

    static List<Integer> parsePartitions(final String text) {
        if (text == null) {
            return List.of();
        }
        final TreeSet<Integer> chosen = new TreeSet<>();
        for (final String part : text.split(",", -1)) {
            try {
                final int p = Integer.parseInt(part.trim());
                if (p < 0) {
                    throw new NumberFormatException(part);
                }
                chosen.add(p);
            } catch (final NumberFormatException e) {
                throw new SettingsException("--partitions has the value '" + text
                        + "', which is not allowed; allowed: partition numbers separated by "
                        + "commas, e.g. 0,2");
            }
        }
        return List.copyOf(chosen);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String servers,
                                                          final Map<String, String> overrides) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sftstream-export");
        props.putAll(overrides);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Exactly once into files: only committed records, positions from the shard names.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Runs the export; Ctrl-C (SIGTERM) completes the open shards and stops. */
    private static Exporter.Summary runUntilDone(final Exporter exporter, final String servers)
            throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            exporter.stop();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sftstream-export-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return exporter.run();
        } catch (final TimeoutException e) {
            throw new ExportException("cannot reach Kafka at " + servers + " in time; check "
                    + "--bootstrap-servers and the security settings (KAFKA_* variables, "
                    + "--kafka, --kafka-config)");
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us.
            }
        }
    }

    static String summaryLine(final Exporter.Summary summary, final ExportSettings settings) {
        return String.format(Locale.ROOT, "Exported %,d records into %,d shards (%.1f MB) in "
                + "%s in %.1f s: %,.0f records/s, %.1f MB/s%s%s", summary.records(),
                summary.shards(), summary.bytes() / 1e6, settings.outputDir(),
                summary.elapsed().toNanos() / 1e9, summary.recordsPerSecond(),
                summary.megabytesPerSecond(),
                summary.resumed() > 0 ? "; resumed " + summary.resumed()
                        + " partitions after earlier shards" : "",
                summary.deletedTemporary() > 0 ? "; deleted " + summary.deletedTemporary()
                        + " unfinished files of an interrupted run" : "");
    }
}
