package io.sftstream.tokenize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What sftstream reads from a tokenizer_config.json: {@code bos_token} and {@code eos_token}
 * (a string or a {@code {"content": ...}} object; null or absent means none),
 * {@code add_bos_token} (true only when the JSON value is literally {@code true}) and
 * {@code chat_template} (a string, or from a list of named templates the one named
 * {@code default}), and all of its values as plain Java values (for a chat template's
 * variables). A tokenizer without the file has none of them.
 */
record TokenizerConfigFile(Optional<String> bosToken, Optional<String> eosToken,
                           boolean addBosToken, Optional<String> chatTemplate,
                           Map<String, Object> values) {

    /** The settings of a tokenizer that has no tokenizer_config.json. */
    static final TokenizerConfigFile NONE = new TokenizerConfigFile(Optional.empty(),
            Optional.empty(), false, Optional.empty(), Map.of());

    /**
     * Reads the bytes of a tokenizer_config.json.
     *
     * @param json   the file's bytes, or null when the tokenizer has no such file
     * @param source where the file comes from, for the error message
     * @throws TokenizerLoadException when the bytes are not a JSON object
     */
    static TokenizerConfigFile parse(final byte[] json, final String source) {
        if (json == null) {
            return NONE;
        }
        final JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (final JsonProcessingException e) {
            throw new TokenizerLoadException("the tokenizer_config.json of " + source
                    + " is not valid JSON (" + e.getOriginalMessage() + "): fix or remove it.", e);
        } catch (final IOException e) {
            throw new TokenizerLoadException("the tokenizer_config.json of " + source
                    + " cannot be read (" + e.getMessage() + "): fix or remove it.", e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerLoadException("the tokenizer_config.json of " + source
                    + " is not a JSON object: fix or remove it.");
        }
        final JsonNode addBos = root.get("add_bos_token");
        return new TokenizerConfigFile(
                tokenString(root.get("bos_token")),
                tokenString(root.get("eos_token")),
                addBos != null && addBos.isBoolean() && addBos.booleanValue(),
                chatTemplate(root.get("chat_template")),
                Collections.unmodifiableMap(new ObjectMapper().convertValue(root,
                        new TypeReference<LinkedHashMap<String, Object>>() { })));
    }

    private static Optional<String> tokenString(final JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return Optional.of(node.get("content").textValue());
        }
        return Optional.empty();
    }

    private static Optional<String> chatTemplate(final JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isArray()) {
            for (final JsonNode named : node) {
                if ("default".equals(named.path("name").asText(null))
                        && named.path("template").isTextual()) {
                    return Optional.of(named.get("template").textValue());
                }
            }
        }
        return Optional.empty();
    }
}
