package io.sftstream.app;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.OutputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.bpe.TokenizerEngine;
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
            "SFTSTREAM_TEMPLATE", "chatml", "chatml, llama3, llama2, alpaca, raw, model",
            TemplateName::fromCliName,
            "chatml, llama3, llama2, alpaca, raw, or model (the tokenizer's own chat template); "
                    + "env {env}; default {default}");
    public static final Setting<String> CHAT_TEMPLATE = Setting.text("--chat-template",
            "SFTSTREAM_CHAT_TEMPLATE", null, "Jinja chat template file for --template model; "
                    + "env {env}; default: chat_template.jinja beside tokenizer.json, else the "
                    + "chat_template of tokenizer_config.json");
    public static final Setting<String> CHAT_TEMPLATE_KWARGS = Setting.text(
            "--chat-template-kwargs", "SFTSTREAM_CHAT_TEMPLATE_KWARGS", null,
            "JSON object of extra chat template variables, e.g. {\"enable_thinking\": false}; "
                    + "env {env}; default {}");
    public static final Setting<Boolean> TRAIN_TURNS_LAST = Setting.choice("--train-turns",
            "SFTSTREAM_TRAIN_TURNS", "all", "all, last", SettingsTable::lastTurnOnly,
            "which assistant messages are trained: all, or only the last; env {env}; default "
                    + "{default}");
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

    public static final Setting<TokenizerEngine> TOKENIZER_ENGINE = Setting.choice(
            "--tokenizer-engine", "SFTSTREAM_TOKENIZER_ENGINE", "auto", "auto, java, djl",
            TokenizerEngine::parse, "auto, java or djl: who encodes (java: the pure-Java "
                    + "byte-level BPE encoder, djl: the Rust tokenizers library; same ids); env "
                    + "{env}; default {default} (java where it applies)");
    public static final Setting<Integer> TOKENIZER_VERIFY = Setting.integer(
            "--tokenizer-verify", "SFTSTREAM_TOKENIZER_VERIFY", "0", 0, Integer.MAX_VALUE,
            "encode the first N texts with both engines and stop on any difference; env {env}; "
                    + "default {default}");

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
    // file mode
    static final Setting<InputLayout> INPUT_LAYOUT = Setting.choice("--input-layout",
            "SFTSTREAM_INPUT_LAYOUT", "auto", "jsonl, json-array, auto",
            InputLayout::fromCliName, "jsonl (one record per line), json-array (the elements "
                    + "of one JSON array) or auto (an array when the input starts with '['); "
                    + "env {env}; default {default}");

    // logging
    static final Setting<String> LOG_FORMAT = Setting.choice("--log-format",
            "SFTSTREAM_LOG_FORMAT", "text", "text, json", SettingsTable::logFormat,
            "text (one line per event) or json (one JSON object per line: timestamp, level, "
                    + "logger, thread, message, exception); env {env}; default {default}");
    static final Setting<String> LOG_LEVEL = Setting.choice(null, "SFTSTREAM_LOG_LEVEL",
            "info", "trace, debug, info, warn, error", SettingsTable::logLevel,
            "level of sftstream's own log lines; env {env}; default {default}");
    static final Setting<Duration> PROGRESS_INTERVAL = Setting.choice(null,
            "SFTSTREAM_PROGRESS_INTERVAL", "60s", MonitoringSettings.WINDOW_ALLOWED,
            MonitoringSettings::parseWindow, "how often run logs a progress line; env {env}; "
                    + "default {default}");

    public static final Setting<String> INSTANCE_ID = Setting.text("--instance-id",
            "SFTSTREAM_INSTANCE_ID", null, "a name unique among the instances and stable "
                    + "across restarts (e.g. the pod name) for static group membership "
                    + "(group.instance.id): a crashed instance that comes back under it gets its "
                    + "partitions back without a rebalance; env {env}; default: none (dynamic "
                    + "membership)");
    public static final Setting<String> CACHE_DIR = Setting.text(null, "SFTSTREAM_CACHE_DIR",
            null, "where hub downloads are cached; env {env}");

    /** Every declared setting. */
    public static final List<Setting<?>> ALL = List.of(TOKENIZER, TEMPLATE, CHAT_TEMPLATE,
            CHAT_TEMPLATE_KWARGS, TRAIN_TURNS_LAST, INPUT_FORMAT,
            MAX_TOKENS, OVERLONG, TRAIN_ON_PROMPT, EOS_TOKEN, EOS_ID, MAX_RECORD_BYTES,
            SPECIAL_TOKENS_IN_TEXT, TOKENIZER_ENGINE, TOKENIZER_VERIFY, BOOTSTRAP_SERVERS,
            INPUT_TOPIC, OUTPUT_TOPIC, DLQ_TOPIC,
            APPLICATION_ID, THREADS, OUTPUT_FORMAT, PARTITIONS, REPLICATION_FACTOR, KAFKA_CONFIG,
            METRICS_PORT, STATS_TOPIC, STATS_WINDOW, INSTANCE_ID, INPUT_LAYOUT, LOG_FORMAT,
            LOG_LEVEL, PROGRESS_INTERVAL, CACHE_DIR);

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

    private static Boolean lastTurnOnly(final String value) {
        return switch (value) {
            case "all" -> false;
            case "last" -> true;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static String logFormat(final String value) {
        if (!List.of("text", "json").contains(value)) {
            throw new IllegalArgumentException(value);
        }
        return value;
    }

    private static String logLevel(final String value) {
        if (!List.of("trace", "debug", "info", "warn", "error").contains(value)) {
            throw new IllegalArgumentException(value);
        }
        return value;
    }

    private static String rejectOnly(final String value) {
        if (!"reject".equals(value)) {
            throw new IllegalArgumentException(value);
        }
        return value;
    }
}
