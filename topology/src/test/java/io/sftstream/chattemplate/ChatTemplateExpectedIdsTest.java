package io.sftstream.chattemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end against the expected outputs of SPEC sections 8 and 9: for every accepted record
 * in the {@code messages} shape, the template rendered by this package (template found by
 * {@link ChatTemplateSource}, special tokens of tokenizer_config.json, the configuration's
 * kwargs, the record's tools) and encoded in one piece by {@link TokenizerBundle} gives exactly
 * the expected {@code input_ids}.
 */
class ChatTemplateExpectedIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/chattemplate/";

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-model", "qwen3-model-nothink", "qwen3-model-256",
        "llama3-model", "llama3_1-model", "gemma3-model", "gemma3-model-last",
        "deepseek_v3-model", "mistral-model-file"})
    @SuppressWarnings("unchecked")
    void shouldRenderTheExpectedInputIds(final String config) throws Exception {
        final Settings settings = Settings.parse(text(BASE + "expected/" + config + "/args.txt"));
        final Path dir = settings.tokenizer.equals("qwen3") ? null
                : TestTokenizers.dir(settings.tokenizer);
        final Map<String, Object> tokenizerConfig = JSON.readValue(settings.tokenizer.equals(
                "qwen3") ? bytes("/io/sftstream/tokenizers/qwen3/tokenizer_config.json")
                : bytes("/tokenizers/" + settings.tokenizer + "/tokenizer_config.json"),
                Map.class);
        final ChatTemplateSource source = ChatTemplateSource.resolve(settings.chatTemplate,
                dir, tokenizerConfig.get("chat_template"));
        final ChatTemplateRenderer renderer = new ChatTemplateRenderer(source.compile(),
                ChatTemplateVariables.specialTokens(tokenizerConfig),
                ChatTemplateVariables.parseKwargs(settings.kwargs));

        final List<String> examples = lines(BASE + "examples.jsonl");
        // A DLQ line names its input line by 0-based index, as the default ids do.
        final Set<Integer> rejected = new HashSet<>();
        for (final String line : lines(BASE + "expected/" + config + "/dlq.jsonl")) {
            final Map<String, Object> dlq = JSON.readValue(line, Map.class);
            final int index = ((Number) dlq.get("line")).intValue();
            assertEquals(examples.get(index), dlq.get("value"), "DLQ line " + index);
            rejected.add(index);
        }
        final List<String> outputs = lines(BASE + "expected/" + config + "/out.jsonl");
        assertEquals(examples.size() - rejected.size(), outputs.size(), "outputs per line");

        final TokenizerBundle tokenizer = tokenizer(settings.tokenizer);
        try {
            int out = 0;
            int checked = 0;
            for (int i = 0; i < examples.size(); i++) {
                if (rejected.contains(i)) {
                    continue;
                }
                final Map<String, Object> expected = JSON.readValue(outputs.get(out++),
                        Map.class);
                final Map<String, Object> record = JSON.readValue(examples.get(i), Map.class);
                final Object id = record.get("id");
                assertEquals(id == null ? "file-0-" + i : id.toString(), expected.get("id"));
                if (!record.containsKey("messages")) {
                    continue;
                }
                final String rendered = renderer.render(joinedParts(
                        (List<Object>) record.get("messages")),
                        (List<Object>) record.get("tools"), false);
                int[] ids = tokenizer.encode(rendered);
                if (Boolean.TRUE.equals(expected.get("truncated"))) {
                    ids = Arrays.copyOf(ids, settings.maxTokens);
                }
                final int[] want = ((List<Integer>) expected.get("input_ids")).stream()
                        .mapToInt(Integer::intValue).toArray();
                assertArrayEquals(want, ids, config + " line " + i + " rendered "
                        + JSON.writeValueAsString(rendered));
                checked++;
            }
            assertTrue(checked > 0, "no messages-shape line in " + config);
        } finally {
            if (!settings.tokenizer.equals("qwen3") && !settings.tokenizer.equals("llama3")
                    && !settings.tokenizer.equals("mistral")) {
                tokenizer.close();
            }
        }
    }

    /** Content given as OpenAI text parts reaches the template as one joined string. */
    @SuppressWarnings("unchecked")
    private static List<Object> joinedParts(final List<Object> messages) {
        final List<Object> out = new ArrayList<>();
        for (final Object m : messages) {
            final Map<String, Object> message = new java.util.LinkedHashMap<>(
                    (Map<String, Object>) m);
            if (message.get("content") instanceof List<?> parts) {
                final StringBuilder sb = new StringBuilder();
                for (final Object p : parts) {
                    sb.append(((Map<String, Object>) p).get("text"));
                }
                message.put("content", sb.toString());
            }
            out.add(message);
        }
        return out;
    }

    private static TokenizerBundle tokenizer(final String name) {
        return switch (name) {
            case "qwen3" -> TestTokenizers.qwen3();
            case "llama3" -> TestTokenizers.llama3();
            case "mistral" -> TestTokenizers.mistral();
            default -> TokenizerBundle.load(TestTokenizers.dir(name).toString());
        };
    }

    /** The settings of an args.txt line that matter for rendering and encoding. */
    private record Settings(String tokenizer, Path chatTemplate, String kwargs, int maxTokens) {
        static Settings parse(final String argsLine) throws URISyntaxException {
            final String[] words = argsLine.strip().split(" ");
            String tokenizer = null;
            Path chatTemplate = null;
            String kwargs = null;
            int maxTokens = 4096;
            for (int i = 0; i < words.length - 1; i++) {
                switch (words[i]) {
                    case "--tokenizer" -> tokenizer = Path.of(words[i + 1]).getFileName()
                            .toString();
                    case "--chat-template" -> chatTemplate = Path.of(
                            ChatTemplateExpectedIdsTest.class.getResource(BASE
                                    + Path.of(words[i + 1]).getFileName()).toURI());
                    case "--chat-template-kwargs" -> kwargs = words[i + 1];
                    case "--max-tokens" -> maxTokens = Integer.parseInt(words[i + 1]);
                    default -> {
                    }
                }
            }
            return new Settings(tokenizer, chatTemplate, kwargs, maxTokens);
        }
    }

    private static byte[] bytes(final String resource) throws IOException {
        try (InputStream in = ChatTemplateExpectedIdsTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static String text(final String resource) throws IOException {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    private static List<String> lines(final String resource) throws IOException {
        final List<String> out = new ArrayList<>();
        for (final String line : text(resource).split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }
}
