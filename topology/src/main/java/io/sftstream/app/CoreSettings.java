package io.sftstream.app;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.ModelTemplate;
import io.sftstream.tokenize.SequenceLimits;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.Template;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TokenizerBundle;
import io.sftstream.tokenize.bpe.TokenizerEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preprocessing settings shared by every command, resolved and validated: flag, else
 * environment variable, else default.
 *
 * @param tokenizer      {@code --tokenizer}: a directory, a tokenizer.json, a hub id, or null for
 *                       the bundled Qwen3 tokenizer
 * @param template       {@code --template}
 * @param chatTemplate   {@code --chat-template} (with {@code model}), or null
 * @param chatTemplateKwargs {@code --chat-template-kwargs} (with {@code model}), or null
 * @param lastTurnOnly   {@code --train-turns last}
 * @param inputFormat    {@code --input-format}
 * @param maxTokens      {@code --max-tokens}
 * @param overlong       {@code --overlong}
 * @param trainOnPrompt  {@code --train-on-prompt}
 * @param eosToken       {@code --eos-token}, or null
 * @param eosId          {@code --eos-id}, or null
 * @param maxRecordBytes {@code --max-record-bytes}
 * @param tokenizerEngine {@code --tokenizer-engine}
 * @param tokenizerVerify {@code --tokenizer-verify}: texts to encode with both engines
 */
public record CoreSettings(String tokenizer, TemplateName template, String chatTemplate,
                           String chatTemplateKwargs, boolean lastTurnOnly,
                           InputFormat inputFormat, int maxTokens, Overlong overlong,
                           boolean trainOnPrompt, String eosToken, Integer eosId,
                           int maxRecordBytes, TokenizerEngine tokenizerEngine,
                           int tokenizerVerify) {

    /** The default of {@code max.tokens}. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(CoreSettings.class);

    /**
     * Settings of a built-in template, every assistant message trained, the default tokenizer
     * engine ({@code auto}) and no verification.
     */
    public CoreSettings(final String tokenizer, final TemplateName template,
                        final InputFormat inputFormat, final int maxTokens,
                        final Overlong overlong, final boolean trainOnPrompt,
                        final String eosToken, final Integer eosId, final int maxRecordBytes) {
        this(tokenizer, template, null, null, false, inputFormat, maxTokens, overlong,
                trainOnPrompt, eosToken, eosId, maxRecordBytes, TokenizerEngine.AUTO, 0);
    }

    /**
     * Loads the tokenizer, resolves the template's BOS and end-of-turn ids and builds the
     * preprocessing step. Throws with a sentence a user can act on when any of it fails.
     */
    public Preprocessor buildPreprocessor() {
        final TokenizerBundle bundle = TokenizerBundle.load(tokenizer, tokenizerEngine);
        LOG.info("tokenizer engine {} ({}){}", bundle.engine().engine().settingValue(),
                bundle.engine().reason(), tokenizerVerify > 0
                        ? "; the first " + tokenizerVerify + " texts are checked against djl"
                        : "");
        bundle.verifyEngines(tokenizerVerify);
        try {
            final Template resolved = template == TemplateName.MODEL
                    ? ModelTemplate.resolve(bundle, tokenizer, chatTemplate, chatTemplateKwargs,
                            eosToken, eosId)
                    : BuiltinTemplate.resolve(bundle, template, eosToken, eosId);
            return new Preprocessor(new RecordParser(inputFormat, maxRecordBytes), bundle,
                    resolved, new SequenceLimits(maxTokens, overlong, trainOnPrompt,
                            lastTurnOnly));
        } catch (final RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** One line for the startup log and for {@code explain}. */
    public String describe() {
        return "template=" + template.cliName()
                + (chatTemplate != null ? " chat-template=" + chatTemplate : "")
                + (chatTemplateKwargs != null ? " chat-template-kwargs=" + chatTemplateKwargs : "")
                + (lastTurnOnly ? " train-turns=last" : "")
                + " input-format=" + inputFormat.cliName()
                + " max-tokens=" + maxTokens + " overlong=" + overlong.cliName()
                + " train-on-prompt=" + trainOnPrompt + " max-record-bytes=" + maxRecordBytes
                + " tokenizer-engine=" + tokenizerEngine.settingValue()
                + (tokenizerVerify > 0 ? " tokenizer-verify=" + tokenizerVerify : "")
                + (eosToken != null ? " eos-token=" + eosToken : "")
                + (eosId != null ? " eos-id=" + eosId : "");
    }
}
