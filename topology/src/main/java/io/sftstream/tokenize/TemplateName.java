package io.sftstream.tokenize;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The built-in chat templates, by the name that {@code --template} and the
 * {@code sftstream.template} header use. The strings each of the first five writes are fixed by
 * the contract (SPEC section 3) and produced by {@link BuiltinTemplate}; {@code model} renders the
 * tokenizer's own chat template ({@link ModelTemplate}).
 */
public enum TemplateName {
    /** ChatML, as Qwen uses it: end-of-turn {@code <|im_end|>}, no BOS. */
    CHATML("chatml"),
    /** Llama 3 chat: BOS {@code <|begin_of_text|>}, end-of-turn {@code <|eot_id|>}. */
    LLAMA3("llama3"),
    /** Llama 2 / Mistral {@code [INST]}: BOS {@code <s>} before every turn, end {@code </s>}. */
    LLAMA2("llama2"),
    /** Alpaca instruction/response: the tokenizer's own BOS and EOS. */
    ALPACA("alpaca"),
    /** The user text, then the response: one turn, no system text. */
    RAW("raw"),
    /** The model's own Jinja chat template, rendered as transformers does (SPEC section 8). */
    MODEL("model");

    private final String cliName;

    TemplateName(final String cliName) {
        this.cliName = cliName;
    }

    /** The lower-case name used on the command line and in headers. */
    public String cliName() {
        return cliName;
    }

    /**
     * The template with this exact (lower-case) name.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static TemplateName fromCliName(final String name) {
        for (final TemplateName template : values()) {
            if (template.cliName.equals(name)) {
                return template;
            }
        }
        throw new IllegalArgumentException("template \"" + name + "\" is not one of "
                + allowedNames() + ": pass one of these names.");
    }

    /** The allowed names, separated by {@code |}, for help texts and messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(TemplateName::cliName)
                .collect(Collectors.joining("|"));
    }
}
