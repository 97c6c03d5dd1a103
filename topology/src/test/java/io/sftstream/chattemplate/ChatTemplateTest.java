package io.sftstream.chattemplate;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The renderer's contract: failures, injection safety, variables and undefined values. */
class ChatTemplateTest {

    private static final String CHATML = "{% for m in messages %}<|im_start|>{{ m.role }}\n"
            + "{{ m.content }}<|im_end|>\n{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    private static Map<String, Object> message(final String role, final Object content) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static ChatTemplateRenderer renderer(final String source) {
        return new ChatTemplateRenderer(ChatTemplate.compile(source, "test"), Map.of(),
                Map.of());
    }

    @Test
    void shouldRenderTemplateSyntaxInValuesVerbatim() {
        final String text = "{{ 7*7 }} {% raw %}x{% endraw %} {# no #} {%- if %}";
        assertEquals("<|im_start|>user\n" + text + "<|im_end|>\n<|im_start|>assistant\n",
                renderer(CHATML).render(List.of(message("user", text)), true));
    }

    @Test
    void shouldSurfaceRaiseExceptionWithItsMessage() {
        final ChatTemplateRaisedException e = assertThrows(ChatTemplateRaisedException.class,
                () -> renderer("{% if messages[0].role != 'user' %}"
                        + "{{ raise_exception('Conversation roles must alternate ' ~ 1) }}"
                        + "{% endif %}").render(List.of(message("assistant", "x")), false));
        assertEquals("Conversation roles must alternate 1", e.getMessage());
    }

    @Test
    void shouldNameTheLineOfASyntaxError() {
        final ChatTemplateSyntaxException e = assertThrows(ChatTemplateSyntaxException.class,
                () -> ChatTemplate.compile("{% for m in messages %}\n{{ m.content }}\n"
                        + "{% endif %}\n", "file t.jinja"));
        assertEquals(3, e.line());
        assertEquals("the chat template file t.jinja does not parse: Encountered unknown tag "
                + "'endif'. (line 3)", e.getMessage());
        final ChatTemplateSyntaxException unclosed = assertThrows(
                ChatTemplateSyntaxException.class,
                () -> ChatTemplate.compile("a\n{% if x %}\nb", "t"));
        assertEquals(3, unclosed.line());
        assertTrue(unclosed.getMessage().contains("'endif'"), unclosed.getMessage());
        final ChatTemplateSyntaxException filter = assertThrows(
                ChatTemplateSyntaxException.class,
                () -> ChatTemplate.compile("\n\n{{ x | nosuchfilter }}", "t"));
        assertEquals("the chat template t does not parse: No filter named 'nosuchfilter'. "
                + "(line 3)", filter.getMessage());
    }

    @Test
    void shouldTellAbsentKeysFromNullOnes() {
        final ChatTemplateRenderer r = renderer("{% for m in messages %}"
                + "[{{ m.reasoning is defined }} {{ m.reasoning is none }} {{ m.reasoning }}]"
                + "{% endfor %}");
        final Map<String, Object> withNull = message("assistant", "a");
        withNull.put("reasoning", null);
        assertEquals("[False False ][True True None]",
                r.render(List.of(message("assistant", "a"), withNull), false));
    }

    @Test
    void shouldFailOnAttributesOfUndefinedValues() {
        final ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> renderer("{{ nothing.here }}").render(List.of(), false));
        assertEquals("UndefinedError: 'nothing' is undefined", e.getMessage());
        assertEquals("", renderer("{{ nothing }}{{ messages[5] }}").render(List.of(), false));
    }

    @Test
    void shouldPassSpecialTokensKwargsAndTools() {
        final Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("bos_token", "<s>");
        tokens.put("unk_token", null);
        final ChatTemplateRenderer r = new ChatTemplateRenderer(ChatTemplate.compile(
                "{{ bos_token }}|{{ unk_token }}|{{ enable_thinking }}|{{ tools | tojson }}|"
                        + "{{ documents }}|{{ add_generation_prompt }}", "t"), tokens,
                ChatTemplateVariables.parseKwargs("{\"enable_thinking\": false}"));
        assertEquals("<s>|None|False|null|None|True", r.render(List.of(), true));
        assertEquals("<s>|None|False|[{\"name\": \"f\"}]|None|False",
                r.render(List.of(), List.of(Map.of("name", "f")), false));
    }

    @Test
    void shouldReadSpecialTokensFromTokenizerConfig() {
        final Map<String, Object> config = new LinkedHashMap<>();
        config.put("add_bos_token", true);
        config.put("bos_token", Map.of("__type", "AddedToken", "content", "<|begin|>"));
        config.put("eos_token", "</s>");
        config.put("unk_token", null);
        config.put("chat_template", "x");
        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("bos_token", "<|begin|>");
        expected.put("eos_token", "</s>");
        expected.put("unk_token", null);
        assertEquals(expected, ChatTemplateVariables.specialTokens(config));
    }

    @Test
    void shouldRefuseKwargsThatAreNotAJsonObject() {
        assertEquals("--chat-template-kwargs must be a JSON object such as "
                + "{\"enable_thinking\": false}, not [1].", assertThrows(
                ChatTemplateSettingsException.class,
                () -> ChatTemplateVariables.parseKwargs("[1]")).getMessage());
        assertTrue(assertThrows(ChatTemplateSettingsException.class,
                () -> ChatTemplateVariables.parseKwargs("{\"a\": "))
                .getMessage().startsWith("--chat-template-kwargs {\"a\":  is not valid JSON"));
        assertThrows(ChatTemplateSettingsException.class,
                () -> ChatTemplateVariables.parseKwargs("{\"messages\": []}"));
        assertEquals(Map.of(), ChatTemplateVariables.parseKwargs(null));
    }

    @Test
    void shouldFormatStrftimeNowWithTheGivenClock() {
        final Clock clock = Clock.fixed(Instant.parse("2026-07-04T09:05:03Z"), ZoneOffset.UTC);
        assertEquals("04 Jul 2026 09:05:03 Saturday", ChatTemplate.compile(
                "{{ strftime_now('%d %b %Y %H:%M:%S %A') }}", "t", clock).render(Map.of()));
    }

    @Test
    void shouldHashTheTemplateText() {
        // printf '' | sha256sum; printf 'x' | sha256sum
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ChatTemplate.compile("", "t").sha256Hex());
        assertEquals("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
                ChatTemplate.sha256Hex("x"));
    }

    @Test
    void shouldStopLoopsOnBreakAndLeaveNoStateBehind() {
        assertEquals("12|0", ChatTemplate.compile("{% set n = 0 %}{% for i in [1, 2, 3] %}"
                + "{% if i == 3 %}{% break %}{% endif %}{% set n = i %}{{ i }}{% endfor %}"
                + "|{{ n }}", "t").render(Map.of()));
    }
}
