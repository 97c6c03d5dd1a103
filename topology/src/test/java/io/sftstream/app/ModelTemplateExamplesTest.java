package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.tokenize.TestTokenizers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code file --template model} on the example records of SPEC sections 8 and 9, against the
 * outputs written by transformers' rendering and the tokenizers library: every field of every
 * output line equal, and every dead-letter line with its line number, reason and value.
 */
class ModelTemplateExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path resource(final String name) {
        try {
            return Path.of(ModelTemplateExamplesTest.class.getResource("/chattemplate/" + name)
                    .toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config's args.txt, with the shared paths mapped to the test resources. */
    private static List<String> args(final String config) throws IOException {
        final String line = Files.readString(resource("expected/" + config + "/args.txt")).strip();
        final List<String> out = new ArrayList<>();
        final String[] words = line.split(" ");
        for (int i = 0; i < words.length; i++) {
            final String word = words[i];
            if (word.equals("--tokenizer")) {
                final String name = words[++i].substring("shared/tokenizers/".length());
                if (!name.equals("qwen3")) {
                    // Qwen3 is the bundled default.
                    out.add("--tokenizer");
                    out.add(TestTokenizers.dir(name).toString());
                }
            } else if (word.equals("--chat-template")) {
                out.add(word);
                out.add(resource(Path.of(words[++i]).getFileName().toString()).toString());
            } else {
                out.add(word);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-model", "qwen3-model-nothink", "qwen3-model-256",
        "llama3-model", "llama3_1-model", "gemma3-model", "gemma3-model-last",
        "deepseek_v3-model", "mistral-model-file"})
    void shouldWriteExactlyTheExpectedOutputs(final String config) throws IOException {
        final Path out = tmp.resolve("out.jsonl");
        final Path dlq = tmp.resolve("dlq.jsonl");
        final List<String> command = new ArrayList<>(List.of("file", "--quiet", "--input",
                resource("examples.jsonl").toString(), "--output", out.toString(), "--dlq",
                dlq.toString()));
        command.addAll(args(config));
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), command.toArray(String[]::new));
        assertEquals(0, status, err.toString());

        final List<String> expectedOut = Files.readAllLines(
                resource("expected/" + config + "/out.jsonl"), StandardCharsets.UTF_8);
        final List<String> actualOut = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(expectedOut.size(), actualOut.size(), config + ": output lines");
        for (int i = 0; i < expectedOut.size(); i++) {
            assertEquals(JSON.readTree(expectedOut.get(i)), JSON.readTree(actualOut.get(i)),
                    config + ": output line " + i);
        }
        final List<String> expectedDlq = Files.readAllLines(
                resource("expected/" + config + "/dlq.jsonl"), StandardCharsets.UTF_8);
        final List<String> actualDlq = Files.readAllLines(dlq, StandardCharsets.UTF_8);
        final List<String> want = new ArrayList<>();
        final List<String> got = new ArrayList<>();
        for (final String line : expectedDlq) {
            want.add(dlqKey(JSON.readTree(line)));
        }
        for (final String line : actualDlq) {
            got.add(dlqKey(JSON.readTree(line)));
        }
        assertEquals(want, got, config + ": dead letters");
    }

    private static String dlqKey(final JsonNode line) {
        return line.get("line").asLong() + " " + line.get("reason").asText() + " "
                + line.get("value").asText();
    }
}
