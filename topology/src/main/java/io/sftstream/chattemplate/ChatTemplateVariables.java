package io.sftstream.chattemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables a chat template sees besides the conversation: the named special tokens of
 * tokenizer_config.json and the {@code --chat-template-kwargs} object.
 */
public final class ChatTemplateVariables {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> RESERVED = Set.of("messages", "tools", "documents",
            "add_generation_prompt");

    private ChatTemplateVariables() {
    }

    /**
     * The named special tokens of a parsed tokenizer_config.json: every key ending in
     * {@code _token} whose value is a string (the token), a {@code {"content": ...}} object
     * (its content) or null (Python's None). Other values (such as {@code add_bos_token}'s
     * boolean) are not tokens and are left out.
     */
    public static Map<String, Object> specialTokens(final Map<String, ?> tokenizerConfig) {
        final Map<String, Object> out = new LinkedHashMap<>();
        for (final Map.Entry<String, ?> e : tokenizerConfig.entrySet()) {
            if (!e.getKey().endsWith("_token")) {
                continue;
            }
            final Object v = e.getValue();
            if (v == null || v instanceof String) {
                out.put(e.getKey(), v);
            } else if (v instanceof Map<?, ?> m && m.get("content") instanceof String s) {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    /**
     * Parses a {@code --chat-template-kwargs} value: a JSON object whose keys become template
     * variables ({@code {"enable_thinking": false}}). Null or blank is the empty object.
     *
     * @throws ChatTemplateSettingsException when it is not valid JSON, not an object, or sets
     *                                       a variable that the renderer itself provides
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseKwargs(final String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        final Object value;
        try {
            value = JSON.readValue(json, Object.class);
        } catch (final JsonProcessingException e) {
            throw new ChatTemplateSettingsException("--chat-template-kwargs " + json
                    + " is not valid JSON (" + e.getOriginalMessage() + "): pass a JSON object "
                    + "such as {\"enable_thinking\": false}.", e);
        }
        if (!(value instanceof Map)) {
            throw new ChatTemplateSettingsException("--chat-template-kwargs must be a JSON "
                    + "object such as {\"enable_thinking\": false}, not " + json.strip() + ".");
        }
        final Map<String, Object> kwargs = (Map<String, Object>) value;
        for (final String name : kwargs.keySet()) {
            if (RESERVED.contains(name)) {
                throw new ChatTemplateSettingsException("--chat-template-kwargs may not set '"
                        + name + "', which the renderer passes itself: remove it from the "
                        + "object.");
            }
        }
        return kwargs;
    }
}
