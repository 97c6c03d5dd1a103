package io.sftstream.app;

import io.sftstream.serdes.InputFormat;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.bpe.TokenizerEngine;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line flags of the settings every command shares ({@link SettingsTable} declares
 * them). A flag wins over its
 * {@code SFTSTREAM_*} environment variable, which wins over the default; {@link #resolve} checks
 * every value and refuses a bad one with a sentence naming the setting, the value and what is
 * allowed.
 */
public final class CoreOptions {

    @Option(names = "--tokenizer", paramLabel = "DIR|FILE|HUB_ID")
    String tokenizer;

    @Option(names = "--tokenizer-engine", paramLabel = "ENGINE")
    String tokenizerEngine;

    @Option(names = "--tokenizer-verify", paramLabel = "N")
    String tokenizerVerify;

    @Option(names = "--template", paramLabel = "NAME")
    String template;

    @Option(names = "--chat-template", paramLabel = "FILE")
    String chatTemplate;

    @Option(names = "--chat-template-kwargs", paramLabel = "JSON")
    String chatTemplateKwargs;

    @Option(names = "--train-turns", paramLabel = "all|last")
    String trainTurns;

    @Option(names = "--input-format", paramLabel = "FORMAT")
    String inputFormat;

    @Option(names = "--max-tokens", paramLabel = "N")
    String maxTokens;

    @Option(names = "--overlong", paramLabel = "POLICY")
    String overlong;

    @Option(names = "--train-on-prompt", arity = "0..1", paramLabel = "BOOL")
    String trainOnPrompt;

    @Option(names = "--eos-token", paramLabel = "STR")
    String eosToken;

    @Option(names = "--eos-id", paramLabel = "N")
    String eosId;

    @Option(names = "--max-record-bytes", paramLabel = "N")
    String maxRecordBytes;

    @Option(names = "--special-tokens-in-text", paramLabel = "POLICY")
    String specialTokensInText;

    /** Resolves flags over the given environment; throws {@link SettingsException}. */
    public CoreSettings resolve(final Map<String, String> env) {
        final SettingSource s = new SettingSource(env);
        final String tok = s.get(SettingsTable.TOKENIZER, tokenizer);
        final TemplateName tmpl = s.get(SettingsTable.TEMPLATE, template);
        final String chatFile = s.get(SettingsTable.CHAT_TEMPLATE, chatTemplate);
        final String kwargs = s.get(SettingsTable.CHAT_TEMPLATE_KWARGS, chatTemplateKwargs);
        if (tmpl != TemplateName.MODEL && (chatFile != null || kwargs != null)) {
            throw new SettingsException((chatFile != null ? SettingsTable.CHAT_TEMPLATE
                    : SettingsTable.CHAT_TEMPLATE_KWARGS).label() + " is set, but it is used "
                    + "only with --template model, and the template is '" + tmpl.cliName()
                    + "'; pass --template model or leave it out");
        }
        final boolean lastTurn = s.get(SettingsTable.TRAIN_TURNS_LAST, trainTurns);
        final InputFormat format = s.get(SettingsTable.INPUT_FORMAT, inputFormat);
        final int max = s.get(SettingsTable.MAX_TOKENS, maxTokens);
        final Overlong policy = s.get(SettingsTable.OVERLONG, overlong);
        final String trainFlag = trainOnPrompt == null ? null
                : trainOnPrompt.isEmpty() ? "true" : trainOnPrompt;
        final boolean train = s.get(SettingsTable.TRAIN_ON_PROMPT, trainFlag);
        final String eosTok = s.get(SettingsTable.EOS_TOKEN, eosToken);
        final Integer eos = s.get(SettingsTable.EOS_ID, eosId);
        if (eosTok != null && eos != null) {
            throw new SettingsException(SettingsTable.EOS_TOKEN.label() + " and "
                    + SettingsTable.EOS_ID.label() + " are both set; give at most one of them");
        }
        final int maxBytes = s.get(SettingsTable.MAX_RECORD_BYTES, maxRecordBytes);
        s.get(SettingsTable.SPECIAL_TOKENS_IN_TEXT, specialTokensInText);
        final TokenizerEngine engine = s.get(SettingsTable.TOKENIZER_ENGINE, tokenizerEngine);
        final int verify = s.get(SettingsTable.TOKENIZER_VERIFY, tokenizerVerify);
        return new CoreSettings(tok, tmpl, chatFile, kwargs, lastTurn, format, max, policy,
                train, eosTok, eos, maxBytes, engine, verify);
    }
}
