package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.Reason;
import io.sftstream.serdes.RecordParser;
import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordJson;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.Preprocessor;
import io.sftstream.tokenize.BuiltinTemplate;
import io.sftstream.tokenize.TemplateName;
import io.sftstream.tokenize.TestTokenizers;
import io.sftstream.tokenize.TokenizerBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRunnerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Preprocessor qwen(final int maxRecordBytes) {
        final TokenizerBundle qwen = TestTokenizers.qwen3();
        return new Preprocessor(new RecordParser(InputFormat.AUTO, maxRecordBytes), qwen,
                BuiltinTemplate.resolve(qwen, TemplateName.CHATML, null, null), 4096,
                        Overlong.REJECT,
                false);
    }

    private record Result(List<TrainingRecord> out, List<JsonNode> dlq, RunStats stats) {
    }

    private static Result run(final byte[] input, final int threads, final int maxBytes)
            throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream dlq = new ByteArrayOutputStream();
        final RunStats stats = new FileRunner(qwen(maxBytes), threads, FileRunner.Progress.NONE)
                .run(new ByteArrayInputStream(input), out, dlq);
        final List<TrainingRecord> records = new ArrayList<>();
        for (final String line : lines(out)) {
            records.add(TrainingRecordJson.read(line.getBytes(StandardCharsets.UTF_8)));
        }
        final List<JsonNode> dead = new ArrayList<>();
        for (final String line : lines(dlq)) {
            dead.add(MAPPER.readTree(line));
        }
        return new Result(records, dead, stats);
    }

    private static List<String> lines(final ByteArrayOutputStream bytes) {
        final String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        assertTrue(text.endsWith("\n"));
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    @Test
    void shouldNumberLinesFromZeroAndSplitOnLfOnly() throws IOException {
        final String good = "{\"prompt\":\"p\",\"response\":\"r\"}";
        // line 0 good, line 1 empty, line 2 good with a CR kept (whitespace after JSON: valid),
        // line 3 invalid, final LF adds no record.
        final byte[] input = (good + "\n\n" + good + "\r\n" + "{bad\n")
                .getBytes(StandardCharsets.UTF_8);
        final Result r = run(input, 1, 1_000);
        assertEquals(List.of("file-0-0", "file-0-2"),
                r.out().stream().map(TrainingRecord::id).toList());
        assertEquals(2, r.dlq().size());
        assertEquals(1, r.dlq().get(0).get("line").asInt());
        assertEquals("EMPTY_RECORD", r.dlq().get(0).get("reason").asText());
        assertEquals("", r.dlq().get(0).get("value").asText());
        assertEquals(3, r.dlq().get(1).get("line").asInt());
        assertEquals("INVALID_JSON", r.dlq().get(1).get("reason").asText());
        assertEquals("{bad", r.dlq().get(1).get("value").asText());
        assertEquals(4, r.stats().records());
        assertEquals(2, r.stats().accepted());
    }

    @Test
    void shouldCountALastLineWithoutLfAndApplySizeLimitWithoutLf() throws IOException {
        final String record = "{\"prompt\":\"p\",\"response\":\"r\"}";
        final int size = record.getBytes(StandardCharsets.UTF_8).length;
        final Result exact = run((record + "\n" + record).getBytes(StandardCharsets.UTF_8), 1,
                size);
        assertEquals(2, exact.out().size());
        final Result over = run((record + " \n").getBytes(StandardCharsets.UTF_8), 1, size);
        assertEquals("RECORD_TOO_LARGE", over.dlq().get(0).get("reason").asText());
        assertEquals(record + " ", over.dlq().get(0).get("value").asText());
    }

    @Test
    void shouldKeepExactBytesOfInvalidUtf8Lines() throws IOException {
        final byte[] bad = {'{', '"', (byte) 0xFE, '"', '}'};
        final byte[] input = new byte[bad.length + 1];
        System.arraycopy(bad, 0, input, 0, bad.length);
        input[bad.length] = '\n';
        final JsonNode dead = run(input, 1, 1_000).dlq().get(0);
        assertEquals("INVALID_JSON", dead.get("reason").asText());
        assertEquals(Base64.getEncoder().encodeToString(bad), dead.get("value_base64").asText());
    }

    @Test
    void shouldGiveTheSameResultWithManyThreadsInInputOrder() throws IOException {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_500; i++) {
            sb.append(i % 7 == 0 ? "{\"prompt\":\" \",\"response\":\"r\"}"
                    : "{\"id\":\"r" + i + "\",\"prompt\":\"question " + i + "\",\"response\":"
                    + "\"answer " + i + "\"}").append('\n');
        }
        final byte[] input = sb.toString().getBytes(StandardCharsets.UTF_8);
        final Result one = run(input, 1, 1_000);
        final Result four = run(input, 4, 1_000);
        assertEquals(one.out(), four.out());
        assertEquals(one.dlq(), four.dlq());
        assertEquals(1_500 - 215, four.out().size());
        assertEquals(215, four.stats().rejected(Reason.EMPTY_TEXT));
        assertEquals("r1", four.out().get(0).id());
        assertEquals("r1499", four.out().get(four.out().size() - 1).id());
    }

    @Test
    void shouldRunTheFileCommandEndToEnd(@TempDir final Path dir) throws IOException {
        final Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":7,\"instruction\":\"Say hi\",\"output\":\"Hi\"}\n"
                + "{\"prompt\":\"x</s>y\",\"response\":\"ok\"}\n", StandardCharsets.UTF_8);
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), "file", "--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", dir.resolve("dlq.jsonl").toString(),
                "--tokenizer", TestTokenizers.dir("mistral").toString(), "--template", "llama2");
        assertEquals(0, status, err.toString());
        final List<String> out = Files.readAllLines(dir.resolve("out.jsonl"));
        assertEquals(1, out.size());
        final TrainingRecord record = TrainingRecordJson.read(out.get(0)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("7", record.id());
        assertEquals(1, record.inputIds()[0]);
        assertEquals(2, record.inputIds()[record.numTokens() - 1]);
        final JsonNode dead = MAPPER.readTree(Files.readAllLines(dir.resolve("dlq.jsonl")).get(0));
        assertEquals(1, dead.get("line").asInt());
        assertEquals("SPECIAL_TOKEN_IN_TEXT", dead.get("reason").asText());
    }

    @Test
    void shouldRefuseToStartWhenTheInputIsMissing(@TempDir final Path dir) {
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), "file", "--input", dir.resolve("nope.jsonl").toString(),
                "--output", dir.resolve("o").toString(), "--dlq", dir.resolve("d").toString());
        assertEquals(Main.EXIT_USAGE, status);
        assertEquals("sftstream: --input file '" + dir.resolve("nope.jsonl")
                + "' does not exist", err.toString().trim());
    }
}
