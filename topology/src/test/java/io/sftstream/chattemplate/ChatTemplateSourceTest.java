package io.sftstream.chattemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order in which a chat template is looked for, and the sentences when none is usable. */
class ChatTemplateSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldPreferTheFileThenTheJinjaFileThenTheConfig() throws IOException {
        final Path file = Files.writeString(dir.resolve("my.jinja"), "from file");
        Files.writeString(dir.resolve("chat_template.jinja"), "beside");
        assertEquals(new ChatTemplateSource("from file", "--chat-template file " + file),
                ChatTemplateSource.resolve(file, dir, "config"));
        final ChatTemplateSource beside = ChatTemplateSource.resolve(null, dir, "config");
        assertEquals("beside", beside.text());
        assertEquals(dir.resolve("chat_template.jinja").toString(), beside.description());
        assertEquals("config", ChatTemplateSource.resolve(null, null, "config").text());
    }

    @Test
    void shouldUseTheTemplateNamedDefaultOfAList() {
        final List<Object> list = List.of(Map.of("name", "tool_use", "template", "tools"),
                Map.of("name", "default", "template", "plain"));
        assertEquals("plain", ChatTemplateSource.resolve(null, dir, list).text());
        final ChatTemplateSettingsException e = assertThrows(
                ChatTemplateSettingsException.class, () -> ChatTemplateSource.resolve(null,
                        dir, List.of(Map.of("name", "tool_use", "template", "tools"))));
        assertEquals("chat_template of tokenizer_config.json in " + dir + " has no template "
                + "named 'default' (it has 'tool_use'): pass the one to use with "
                + "--chat-template FILE.", e.getMessage());
    }

    @Test
    void shouldNameThePlacesLookedAtWhenThereIsNoTemplate() {
        final ChatTemplateSettingsException e = assertThrows(
                ChatTemplateSettingsException.class,
                () -> ChatTemplateSource.resolve(null, dir, null));
        assertEquals("no chat template found: --chat-template is not set, there is no "
                + dir.resolve("chat_template.jinja") + ", and tokenizer_config.json in " + dir
                + " has no chat_template; pass --chat-template FILE or use a built-in "
                + "--template.", e.getMessage());
    }

    @Test
    void shouldRefuseAMissingOrUnreadableFile() throws IOException {
        final Path missing = dir.resolve("missing.jinja");
        assertEquals("--chat-template file " + missing + " does not exist or is not a file: "
                + "pass the path of a Jinja chat template.", assertThrows(
                ChatTemplateSettingsException.class,
                () -> ChatTemplateSource.resolve(missing, dir, "x")).getMessage());
        final Path latin1 = Files.write(dir.resolve("latin1.jinja"), new byte[] {(byte) 0xe9});
        assertTrue(assertThrows(ChatTemplateSettingsException.class,
                () -> ChatTemplateSource.resolve(latin1, null, null)).getMessage()
                .endsWith("is not UTF-8 text: save the template as UTF-8."));
    }

    @Test
    void shouldNameTheSourceAndLineWhenTheTemplateDoesNotParse() throws IOException {
        final Path file = Files.writeString(dir.resolve("bad.jinja"), "ok\n{{ x + }}\n");
        final ChatTemplateSyntaxException e = assertThrows(ChatTemplateSyntaxException.class,
                () -> ChatTemplateSource.resolve(file, null, null).compile());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("the chat template (--chat-template file " + file
                + ") does not parse: "), e.getMessage());
    }

    @Test
    void shouldHashTheTextAsUtf8() {
        // printf 'é' | sha256sum
        assertEquals("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c",
                new ChatTemplateSource("\u00e9", "t").sha256Hex());
    }
}
