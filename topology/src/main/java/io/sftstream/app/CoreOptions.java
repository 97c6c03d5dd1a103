package io.sftstream.app;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.bpe.TokenizerEngine;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line flags of the settings every command shares. A flag wins over its
 * {@code SFTSTREAM_*} environment variable, which wins over the default; {@link #resolve} checks
 * every value and refuses a bad one with a sentence naming the setting, the value and what is
 * allowed.
 */
public final class CoreOptions {

    @Option(names = "--tokenizer", paramLabel = "DIR|FILE|HUB_ID",
            description = "tokenizer directory, tokenizer.json file or Hugging Face hub id "
                    + "(needs network); env SFTSTREAM_TOKENIZER; default: the bundled Qwen3 "
                    + "tokenizer")
    String tokenizer;

    @Option(names = "--tokenizer-engine", paramLabel = "ENGINE",
            description = "auto, java or djl: who encodes (java: the pure-Java byte-level BPE "
                    + "encoder, djl: the Rust tokenizers library; same ids); env "
                    + "SFTSTREAM_TOKENIZER_ENGINE; default auto (java where it applies)")
    String tokenizerEngine;

    @Option(names = "--tokenizer-verify", paramLabel = "N",
            description = "encode the first N texts with both engines and stop on any "
                    + "difference; env SFTSTREAM_TOKENIZER_VERIFY; default 0")
    String tokenizerVerify;

    @Option(names = "--template", paramLabel = "NAME",
            description = "chatml, llama3, llama2, alpaca or raw; env SFTSTREAM_TEMPLATE; "
                    + "default chatml")
    String template;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "auto, alpaca, prompt-response, messages or sharegpt; env "
                    + "SFTSTREAM_INPUT_FORMAT; default auto")
    String inputFormat;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "longest sequence, in tokens; env SFTSTREAM_MAX_TOKENS; default 4096")
    String maxTokens;

    @Option(names = "--overlong", paramLabel = "POLICY",
            description = "reject or truncate; env SFTSTREAM_OVERLONG; default reject")
    String overlong;

    @Option(names = "--train-on-prompt", arity = "0..1", paramLabel = "BOOL",
            description = "train on prompt tokens too; env SFTSTREAM_TRAIN_ON_PROMPT=true; "
                    + "default off")
    String trainOnPrompt;

    @Option(names = "--eos-token", paramLabel = "STR",
            description = "end-of-turn token instead of the template's; env SFTSTREAM_EOS_TOKEN")
    String eosToken;

    @Option(names = "--eos-id", paramLabel = "N",
            description = "end-of-turn id instead of the template's; env SFTSTREAM_EOS_ID")
    String eosId;

    @Option(names = "--max-record-bytes", paramLabel = "N",
            description = "largest record value, in bytes; env SFTSTREAM_MAX_RECORD_BYTES; "
                    + "default 1048576")
    String maxRecordBytes;

    @Option(names = "--special-tokens-in-text", paramLabel = "POLICY",
            description = "what to do with added-token text inside records: reject; env "
                    + "SFTSTREAM_SPECIAL_TOKENS_IN_TEXT; default reject")
    String specialTokensInText;

    /** Resolves flags over the given environment; throws {@link SettingsException}. */
    public CoreSettings resolve(final Map<String, String> env) {
        final SettingSource s = new SettingSource(env);
        final String tok = s.text("--tokenizer", "SFTSTREAM_TOKENIZER", tokenizer, null);
        final TemplateName tmpl = s.choice("--template", "SFTSTREAM_TEMPLATE", template,
                "chatml", "chatml, llama3, llama2, alpaca, raw", TemplateName::fromCliName);
        final InputFormat format = s.choice("--input-format", "SFTSTREAM_INPUT_FORMAT",
                inputFormat, "auto", InputFormat.allowed(), InputFormat::fromCliName);
        final int max = s.integer("--max-tokens", "SFTSTREAM_MAX_TOKENS", maxTokens,
                CoreSettings.DEFAULT_MAX_TOKENS, 1, Integer.MAX_VALUE);
        final Overlong policy = s.choice("--overlong", "SFTSTREAM_OVERLONG", overlong, "reject",
                "reject, truncate", Overlong::fromCliName);
        final String trainFlag = trainOnPrompt == null ? null
                : trainOnPrompt.isEmpty() ? "true" : trainOnPrompt;
        final boolean train = s.bool("--train-on-prompt", "SFTSTREAM_TRAIN_ON_PROMPT", trainFlag);
        final String eosTok = s.text("--eos-token", "SFTSTREAM_EOS_TOKEN", eosToken, null);
        final Integer eos = s.optionalInteger("--eos-id", "SFTSTREAM_EOS_ID", eosId, 0,
                Integer.MAX_VALUE);
        if (eosTok != null && eos != null) {
            throw new SettingsException("--eos-token (SFTSTREAM_EOS_TOKEN) and --eos-id "
                    + "(SFTSTREAM_EOS_ID) are both set; give at most one of them");
        }
        final int maxBytes = s.integer("--max-record-bytes", "SFTSTREAM_MAX_RECORD_BYTES",
                maxRecordBytes, RecordParser.DEFAULT_MAX_RECORD_BYTES, 1, Integer.MAX_VALUE - 16);
        s.choice("--special-tokens-in-text", "SFTSTREAM_SPECIAL_TOKENS_IN_TEXT",
                specialTokensInText, "reject", "reject", CoreOptions::rejectOnly);
        final TokenizerEngine engine = s.choice("--tokenizer-engine",
                "SFTSTREAM_TOKENIZER_ENGINE", tokenizerEngine, "auto", "auto, java, djl",
                TokenizerEngine::parse);
        final int verify = s.integer("--tokenizer-verify", "SFTSTREAM_TOKENIZER_VERIFY",
                tokenizerVerify, 0, 0, Integer.MAX_VALUE);
        return new CoreSettings(tok, tmpl, format, max, policy, train, eosTok, eos, maxBytes,
                engine, verify);
    }

    private static String rejectOnly(final String value) {
        if (!"reject".equals(value)) {
            throw new IllegalArgumentException(value);
        }
        return value;
    }
}
