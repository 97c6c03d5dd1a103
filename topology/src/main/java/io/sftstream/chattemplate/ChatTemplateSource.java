package io.sftstream.chattemplate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a {@code --template model} chat template comes from (SPEC section 8), in this order:
 * the {@code --chat-template FILE}, else a {@code chat_template.jinja} file beside
 * tokenizer.json, else tokenizer_config.json's {@code chat_template} (a string, or a list of
 * {@code {"name", "template"}} objects of which the one named {@code default} is used).
 *
 * @param text        the template text
 * @param description where it was found, for logs and messages
 */
public record ChatTemplateSource(String text, String description) {

    /** The file name looked for beside tokenizer.json. */
    public static final String BESIDE_TOKENIZER = "chat_template.jinja";

    /**
     * Finds the template.
     *
     * @param file             the {@code --chat-template} path, or null when not given
     * @param tokenizerDir     the directory holding tokenizer.json, or null (a bundled or
     *                         in-memory tokenizer)
     * @param configTemplate   tokenizer_config.json's {@code chat_template} value as parsed
     *                         JSON (String, List of Maps, or null when absent)
     * @throws ChatTemplateSettingsException when none is found or a source cannot be used
     */
    public static ChatTemplateSource resolve(final Path file, final Path tokenizerDir,
                                             final Object configTemplate) {
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ChatTemplateSettingsException("--chat-template file " + file
                        + " does not exist or is not a file: pass the path of a Jinja chat "
                        + "template.");
            }
            return new ChatTemplateSource(read(file, "--chat-template file " + file),
                    "--chat-template file " + file);
        }
        if (tokenizerDir != null) {
            final Path beside = tokenizerDir.resolve(BESIDE_TOKENIZER);
            if (Files.isRegularFile(beside)) {
                return new ChatTemplateSource(read(beside, beside.toString()),
                        beside.toString());
            }
        }
        final String where = tokenizerDir == null ? "the tokenizer's tokenizer_config.json"
                : "tokenizer_config.json in " + tokenizerDir;
        if (configTemplate instanceof String s) {
            return new ChatTemplateSource(s, "chat_template of " + where);
        }
        if (configTemplate instanceof List<?> list) {
            final List<String> names = new ArrayList<>();
            for (final Object item : list) {
                if (item instanceof Map<?, ?> m && m.get("name") instanceof String name
                        && m.get("template") instanceof String t) {
                    if (name.equals("default")) {
                        return new ChatTemplateSource(t, "chat_template 'default' of " + where);
                    }
                    names.add("'" + name + "'");
                } else {
                    throw new ChatTemplateSettingsException("chat_template of " + where
                            + " is a list whose items are not all {\"name\", \"template\"} "
                            + "objects: fix the file or pass --chat-template FILE.");
                }
            }
            throw new ChatTemplateSettingsException("chat_template of " + where + " has no "
                    + "template named 'default' (it has " + String.join(", ", names)
                    + "): pass the one to use with --chat-template FILE.");
        }
        if (configTemplate != null) {
            throw new ChatTemplateSettingsException("chat_template of " + where + " is neither "
                    + "a string nor a list of {\"name\", \"template\"} objects: fix the file or "
                    + "pass --chat-template FILE.");
        }
        throw new ChatTemplateSettingsException("no chat template found: --chat-template is not "
                + "set, " + (tokenizerDir == null ? "the tokenizer has no directory to hold a "
                + BESIDE_TOKENIZER : "there is no " + tokenizerDir.resolve(BESIDE_TOKENIZER))
                + ", and " + where + " has no chat_template; pass --chat-template FILE or use "
                + "a built-in --template.");
    }

    private static String read(final Path path, final String what) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (final IOException e) {
            throw new ChatTemplateSettingsException(what + " cannot be read (" + e
                    + "): check that it exists and is readable.", e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            throw new ChatTemplateSettingsException(what + " is not UTF-8 text: save the "
                    + "template as UTF-8.", e);
        }
    }

    /** The hex SHA-256 of the template text's UTF-8 bytes (the sftstream.chat_template header). */
    public String sha256Hex() {
        return ChatTemplate.sha256Hex(text);
    }

    /**
     * Compiles the template.
     *
     * @throws ChatTemplateSyntaxException when it does not parse, naming the source and line
     */
    public ChatTemplate compile() {
        return ChatTemplate.compile(text, "(" + description + ")");
    }
}
