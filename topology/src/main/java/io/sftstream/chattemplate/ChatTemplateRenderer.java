package io.sftstream.chattemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ChatTemplate} with the variables that stay the same for every conversation: the
 * tokenizer's named special tokens ({@code bos_token}, {@code eos_token}, ...) and the
 * {@code --chat-template-kwargs} keys (which win over a special token of the same name), as
 * transformers' {@code apply_chat_template(..., **kwargs)} passes them.
 *
 * <p>{@link #render(List, List, boolean)} is {@code apply_chat_template(messages, tools=tools,
 * tokenize=False, add_generation_prompt=...)}: the template sees {@code messages},
 * {@code tools} and {@code documents} (None when not given) and {@code add_generation_prompt}.
 * Immutable and thread-safe.
 */
public final class ChatTemplateRenderer {

    private final ChatTemplate template;
    private final Map<String, Object> constants;

    /**
     * @param template      the compiled template
     * @param specialTokens named special tokens, e.g. from
     *                      {@link ChatTemplateVariables#specialTokens(Map)}
     * @param kwargs        extra variables, e.g. from {@link ChatTemplateVariables#parseKwargs}
     */
    public ChatTemplateRenderer(final ChatTemplate template, final Map<String, ?> specialTokens,
                                final Map<String, ?> kwargs) {
        this.template = Objects.requireNonNull(template, "template");
        final Map<String, Object> c = new HashMap<>(specialTokens);
        c.putAll(kwargs);
        this.constants = template.withGlobals(c);
    }

    public ChatTemplate template() {
        return template;
    }

    /** {@code render(messages, null, addGenerationPrompt)}. */
    public String render(final List<?> messages, final boolean addGenerationPrompt) {
        return render(messages, null, addGenerationPrompt);
    }

    /**
     * Renders one conversation.
     *
     * @param messages            the messages, each a {@code Map} as parsed from JSON
     * @param tools               the tool schemas, or null when the record has none
     * @param addGenerationPrompt whether to end with the assistant's generation prompt
     * @throws ChatTemplateRaisedException when the template calls {@code raise_exception}
     * @throws ChatTemplateException       when rendering fails in any other way
     */
    public String render(final List<?> messages, final List<?> tools,
                         final boolean addGenerationPrompt) {
        return template.render(constants, messages, tools, addGenerationPrompt);
    }
}
