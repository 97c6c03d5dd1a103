package io.sftstream.app;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.RecordParser;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.Template;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TokenizerBundle;

/**
 * The preprocessing settings shared by every command, resolved and validated: flag, else
 * environment variable, else default.
 *
 * @param tokenizer      {@code --tokenizer}: a directory, a tokenizer.json, a hub id, or null for
 *                       the bundled Qwen3 tokenizer
 * @param template       {@code --template}
 * @param inputFormat    {@code --input-format}
 * @param maxTokens      {@code --max-tokens}
 * @param overlong       {@code --overlong}
 * @param trainOnPrompt  {@code --train-on-prompt}
 * @param eosToken       {@code --eos-token}, or null
 * @param eosId          {@code --eos-id}, or null
 * @param maxRecordBytes {@code --max-record-bytes}
 */
public record CoreSettings(String tokenizer, TemplateName template, InputFormat inputFormat,
                           int maxTokens, Overlong overlong, boolean trainOnPrompt,
                           String eosToken, Integer eosId, int maxRecordBytes) {

    /** The default of {@code max.tokens}. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /**
     * Loads the tokenizer, resolves the template's BOS and end-of-turn ids and builds the
     * preprocessing step. Throws with a sentence a user can act on when any of it fails.
     */
    public Preprocessor buildPreprocessor() {
        final TokenizerBundle bundle = TokenizerBundle.load(tokenizer);
        try {
            final Template resolved = BuiltinTemplate.resolve(bundle, template, eosToken, eosId);
            return new Preprocessor(new RecordParser(inputFormat, maxRecordBytes), bundle,
                    resolved, maxTokens, overlong, trainOnPrompt);
        } catch (final RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** One line for the startup log and for {@code explain}. */
    public String describe() {
        return "template=" + template.cliName() + " input-format=" + inputFormat.cliName()
                + " max-tokens=" + maxTokens + " overlong=" + overlong.cliName()
                + " train-on-prompt=" + trainOnPrompt + " max-record-bytes=" + maxRecordBytes
                + (eosToken != null ? " eos-token=" + eosToken : "")
                + (eosId != null ? " eos-id=" + eosId : "");
    }
}
