package io.sftstream.chattemplate;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every reference render of jinja2 (as transformers configures it) is reproduced exactly: the
 * six chat templates over many conversations, and the Python-semantics snippets.
 */
class ChatTemplateReferenceTest {

    private static final Map<String, Object> ALL = ReferenceRenders.load();

    @TestFactory
    @SuppressWarnings("unchecked")
    List<DynamicTest> shouldRenderEveryConversationLikeTransformers() {
        final Map<String, ChatTemplate> compiled = new HashMap<>();
        final Map<String, Map<String, Object>> tokens = new HashMap<>();
        ReferenceRenders.templates(ALL).forEach((name, t) -> {
            compiled.put(name, ChatTemplate.compile((String) t.get("source"), name));
            tokens.put(name, (Map<String, Object>) t.get("special_tokens"));
        });
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Map<String, Object> c : ReferenceRenders.cases(ALL)) {
            final String name = (String) c.get("template");
            final List<Object> messages = (List<Object>) c.get("messages");
            final Map<String, Object> kwargs = (Map<String, Object>) c.get("kwargs");
            final boolean agp = (Boolean) c.get("add_generation_prompt");
            final String title = name + " " + c.get("conversation") + " messages="
                    + messages.size() + " agp=" + agp + " kwargs=" + kwargs;
            tests.add(DynamicTest.dynamicTest(title, () -> {
                final ChatTemplateRenderer renderer = new ChatTemplateRenderer(
                        compiled.get(name), tokens.get(name), kwargs);
                check(c, () -> renderer.render(messages, (List<Object>) c.get("tools"), agp));
            }));
        }
        return tests;
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    List<DynamicTest> shouldEvaluateEverySnippetLikePython() {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Map<String, Object> s : ReferenceRenders.snippets(ALL)) {
            final String source = (String) s.get("source");
            tests.add(DynamicTest.dynamicTest(source, () -> {
                final ChatTemplate t = ChatTemplate.compile(source, "snippet");
                check(s, () -> t.render((Map<String, Object>) s.get("variables")));
            }));
        }
        return tests;
    }

    interface Render {
        String run();
    }

    private static void check(final Map<String, Object> expected, final Render render) {
        if (expected.containsKey("output")) {
            assertEquals(expected.get("output"), render.run());
        } else if (expected.containsKey("raised")) {
            final ChatTemplateRaisedException e =
                    assertThrows(ChatTemplateRaisedException.class, render::run);
            assertEquals(expected.get("raised"), e.getMessage());
        } else {
            final String error = (String) expected.get("error");
            try {
                final String out = render.run();
                fail("expected " + error + ", rendered " + out);
            } catch (final ChatTemplateRaisedException e) {
                fail("expected " + error + ", raised " + e.getMessage());
            } catch (final ChatTemplateException e) {
                final String type = error.substring(0, error.indexOf(':'));
                assertTrue(e.getMessage().startsWith(type), () -> "expected " + error + ", got "
                        + e.getMessage());
            }
        }
    }
}
