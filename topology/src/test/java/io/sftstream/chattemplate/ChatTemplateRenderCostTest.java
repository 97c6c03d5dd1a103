package io.sftstream.chattemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost of one render of the Qwen3 and Llama 3.1 templates (system + 3 turns, the shape of
 * the Jinjava measurement in the README), printed in microseconds. The bound only catches an
 * accidental per-call parse or a pathological slowdown; it is far above the measured cost.
 */
class ChatTemplateRenderCostTest {

    @Test
    void shouldRenderQwen3SystemAndThreeTurnsInWellUnderAMillisecond() throws Exception {
        final double micros = measure("/io/sftstream/tokenizers/qwen3/tokenizer_config.json");
        System.out.printf("Qwen3 template, system + 3 turns: %.1f us per render%n", micros);
        assertTrue(micros < 2_000, micros + " us per render");
    }

    @Test
    void shouldRenderLlama31SystemAndThreeTurnsInWellUnderAMillisecond() throws Exception {
        final double micros = measure("/tokenizers/llama3_1/tokenizer_config.json");
        System.out.printf("Llama 3.1 template, system + 3 turns: %.1f us per render%n", micros);
        assertTrue(micros < 2_000, micros + " us per render");
    }

    @SuppressWarnings("unchecked")
    private double measure(final String tokenizerConfig) throws Exception {
        final Map<String, Object> config;
        try (InputStream in = getClass().getResourceAsStream(tokenizerConfig)) {
            config = new ObjectMapper().readValue(in, Map.class);
        }
        final ChatTemplateRenderer renderer = new ChatTemplateRenderer(
                ChatTemplate.compile((String) config.get("chat_template"), tokenizerConfig),
                ChatTemplateVariables.specialTokens(config), Map.of());
        final List<Object> messages = new ArrayList<>();
        messages.add(Map.of("role", "system", "content", "You are a helpful assistant."));
        for (int i = 0; i < 3; i++) {
            messages.add(Map.of("role", "user", "content", "Question number " + i
                    + ": what is the capital of France, and why?"));
            messages.add(Map.of("role", "assistant", "content", "Paris is the capital of "
                    + "France; it has been the seat of government for centuries."));
        }
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += renderer.render(messages, false).length();
        }
        final int n = 20_000;
        final long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += renderer.render(messages, false).length();
        }
        final double micros = (System.nanoTime() - start) / 1_000.0 / n;
        assertTrue(sink > 0);
        return micros;
    }
}
