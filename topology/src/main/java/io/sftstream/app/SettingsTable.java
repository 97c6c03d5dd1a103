package io.sftstream.app;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.TemplateName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every setting that has an {@code SFTSTREAM_*} variable, declared once (SPEC section 7 and the
 * streaming and monitoring settings). To add one: declare it here and add it to {@link #ALL};
 * give its command a picocli field with the same flag name (no description: {@link #applyHelp}
 * writes it) and read it with {@link SettingSource#get}.
 */
public final class SettingsTable {

    public static final Setting<String> TOKENIZER = Setting.text("--tokenizer",
            "SFTSTREAM_TOKENIZER", null, "tokenizer directory, tokenizer.json file or Hugging "
                    + "Face hub id (needs network); env {env}; default: the bundled Qwen3 "
                    + "tokenizer");
    public static final Setting<TemplateName> TEMPLATE = Setting.choice("--template",
            "SFTSTREAM_TEMPLATE", "chatml", "chatml, llama3, llama2, alpaca, raw",
            TemplateName::fromCliName,
            "chatml, llama3, llama2, alpaca or raw; env {env}; default {default}");
    public static final Setting<InputFormat> INPUT_FORMAT = Setting.choice("--input-format",
            "SFTSTREAM_INPUT_FORMAT", "auto", InputFormat.allowed(), InputFormat::fromCliName,
            "auto, alpaca, prompt-response, messages or sharegpt; env {env}; default {default}");
    public static final Setting<Integer> MAX_TOKENS = Setting.integer("--max-tokens",
            "SFTSTREAM_MAX_TOKENS", Integer.toString(CoreSettings.DEFAULT_MAX_TOKENS), 1,
            Integer.MAX_VALUE, "longest sequence, in tokens; env {env}; default {default}");
    public static final Setting<Overlong> OVERLONG = Setting.choice("--overlong",
            "SFTSTREAM_OVERLONG", "reject", "reject, truncate", Overlong::fromCliName,
            "reject or truncate; env {env}; default {default}");
    public static final Setting<Boolean> TRAIN_ON_PROMPT = Setting.bool("--train-on-prompt",
            "SFTSTREAM_TRAIN_ON_PROMPT", "train on prompt tokens too; env {env}=true; default "
                    + "off");
    public static final Setting<String> EOS_TOKEN = Setting.text("--eos-token",
            "SFTSTREAM_EOS_TOKEN", null, "end-of-turn token instead of the template's; env "
                    + "{env}");
    public static final Setting<Integer> EOS_ID = Setting.integer("--eos-id",
            "SFTSTREAM_EOS_ID", null, 0, Integer.MAX_VALUE,
            "end-of-turn id instead of the template's; env {env}");
    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.integer(
            "--max-record-bytes", "SFTSTREAM_MAX_RECORD_BYTES",
            Integer.toString(RecordParser.DEFAULT_MAX_RECORD_BYTES), 1, Integer.MAX_VALUE - 16,
            "largest record value, in bytes; env {env}; default {default}");
    public static final Setting<String> SPECIAL_TOKENS_IN_TEXT = Setting.choice(
            "--special-tokens-in-text", "SFTSTREAM_SPECIAL_TOKENS_IN_TEXT", "reject", "reject",
            SettingsTable::rejectOnly, "what to do with added-token text inside records: "
                    + "reject; env {env}; default {default}");

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.text("--bootstrap-servers",
            "SFTSTREAM_BOOTSTRAP_SERVERS", null,
            "Kafka brokers; env {env} or KAFKA_BOOTSTRAP_SERVERS");
    public static final Setting<String> INPUT_TOPIC = Setting.text("--input-topic",
            "SFTSTREAM_INPUT_TOPIC", "sft-raw", "raw records; env {env}; default {default}");
    public static final Setting<String> OUTPUT_TOPIC = Setting.text("--output-topic",
            "SFTSTREAM_OUTPUT_TOPIC", "sft-tokens",
            "training records; env {env}; default {default}");
    public static final Setting<String> DLQ_TOPIC = Setting.text("--dlq-topic",
            "SFTSTREAM_DLQ_TOPIC", "sft-dlq", "rejected records; env {env}; default {default}");
    public static final Setting<String> APPLICATION_ID = Setting.text("--application-id",
            "SFTSTREAM_APPLICATION_ID", "sftstream", "Kafka Streams application.id (instances "
                    + "with the same id share the partitions); env {env}; default {default}");
    public static final Setting<Integer> THREADS = Setting.integer("--threads",
            "SFTSTREAM_THREADS", null, 1, 1024,
            "stream threads in this instance; env {env}; default: the number of processors");
    public static final Setting<OutputFormat> OUTPUT_FORMAT = Setting.choice("--output-format",
            "SFTSTREAM_OUTPUT_FORMAT", "json", "json, binary", OutputFormat::fromCliName,
            "json or binary; env {env}; default {default}");
    public static final Setting<Integer> PARTITIONS = Setting.integer("--partitions",
            "SFTSTREAM_PARTITIONS", "4", 1, 100_000,
            "partitions of topics created by --create-topics; env {env}; default {default}");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer(
            "--replication-factor", "SFTSTREAM_REPLICATION_FACTOR", null, 1, Short.MAX_VALUE,
            "replication factor of created topics; env {env}; default: the broker's default");
    public static final Setting<String> KAFKA_CONFIG = Setting.text("--kafka-config",
            "SFTSTREAM_KAFKA_CONFIG", null,
            "a properties file of Kafka client or Streams properties; env {env}");
    public static final Setting<Integer> METRICS_PORT = Setting.integer("--metrics-port",
            "SFTSTREAM_METRICS_PORT", Integer.toString(MonitoringSettings.DEFAULT_METRICS_PORT),
            0, 65_535, "port of /metrics (Prometheus), /health/live and /health/ready; 0 turns "
                    + "them off; env {env}; default {default}");
    public static final Setting<String> STATS_TOPIC = Setting.text("--stats-topic",
            "SFTSTREAM_STATS_TOPIC", null,
            "where one JSON record per window of counts goes; env {env}; default "
                    + "<output-topic>-stats");
    public static final Setting<Duration> STATS_WINDOW = Setting.choice("--stats-window",
            "SFTSTREAM_STATS_WINDOW", "60s", MonitoringSettings.WINDOW_ALLOWED,
            MonitoringSettings::parseWindow, "length of a stats window: 60, 60s, 5m, 1h (1s to "
                    + "24h); env {env}; default {default}");
    public static final Setting<String> INSTANCE_ID = Setting.text("--instance-id",
            "SFTSTREAM_INSTANCE_ID", null, "a name unique among the instances and stable "
                    + "across restarts (e.g. the pod name) for static group membership "
                    + "(group.instance.id): a crashed instance that comes back under it gets its "
                    + "partitions back without a rebalance; env {env}; default: none (dynamic "
                    + "membership)");
    public static final Setting<String> CACHE_DIR = Setting.text(null, "SFTSTREAM_CACHE_DIR",
            null, "where hub downloads are cached; env {env}");

    /** Every declared setting. */
    public static final List<Setting<?>> ALL = List.of(TOKENIZER, TEMPLATE, INPUT_FORMAT,
            MAX_TOKENS, OVERLONG, TRAIN_ON_PROMPT, EOS_TOKEN, EOS_ID, MAX_RECORD_BYTES,
            SPECIAL_TOKENS_IN_TEXT, BOOTSTRAP_SERVERS, INPUT_TOPIC, OUTPUT_TOPIC, DLQ_TOPIC,
            APPLICATION_ID, THREADS, OUTPUT_FORMAT, PARTITIONS, REPLICATION_FACTOR, KAFKA_CONFIG,
            METRICS_PORT, STATS_TOPIC, STATS_WINDOW, INSTANCE_ID, CACHE_DIR);

    private static final Map<String, Setting<?>> BY_FLAG = ALL.stream()
            .filter(s -> s.flag() != null)
            .collect(Collectors.toUnmodifiableMap(Setting::flag, Function.identity()));

    private SettingsTable() {
    }

    /**
     * Writes the help text of every option of the command line (and its subcommands) whose
     * flag is declared here and that has no text of its own; picocli takes the flag names from
     * the fields.
     */
    public static void applyHelp(final CommandLine cli) {
        final CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        for (final OptionSpec option : List.copyOf(spec.options())) {
            final Setting<?> setting = BY_FLAG.get(option.longestName());
            if (setting != null && option.description().length == 0) {
                spec.remove(option);
                spec.addOption(option.toBuilder().description(setting.help()).build());
            }
        }
        cli.getSubcommands().values().forEach(SettingsTable::applyHelp);
    }

    private static String rejectOnly(final String value) {
        if (!"reject".equals(value)) {
            throw new IllegalArgumentException(value);
        }
        return value;
    }
}
