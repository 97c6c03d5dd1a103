package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.tokenize.TestTokenizers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sftstream file}: refusals of one file given twice, JSON arrays, interrupted runs. */
class FileCommandTest {

    private static final String GOOD = "{\"prompt\":\"Say hi\",\"response\":\"Hi\"}";

    private record Run(int status, String err) {
    }

    private static Run file(final String... args) {
        final StringWriter err = new StringWriter();
        final List<String> all = new ArrayList<>(List.of("file", "--quiet", "--tokenizer",
                TestTokenizers.dir("mistral").toString(), "--template", "llama2"));
        all.addAll(List.of(args));
        final int status = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, err.toString().trim());
    }

    @Test
    void shouldRefuseAnOutputThatIsTheInputAndKeepTheInput(@TempDir final Path dir)
            throws IOException {
        final Path in = dir.resolve("in.jsonl");
        Files.writeString(in, GOOD + "\n");
        final Run run = file("--input", in.toString(), "--output", in.toString(),
                "--dlq", dir.resolve("dlq.jsonl").toString());
        assertEquals(Main.EXIT_USAGE, run.status());
        assertEquals("sftstream: --input '" + in + "' and --output '" + in + "' are the same "
                + "file; give each of --input, --output and --dlq a file of its own", run.err());
        assertEquals(GOOD + "\n", Files.readString(in));
        assertFalse(Files.exists(dir.resolve("dlq.jsonl")));
    }

    @Test
    void shouldRefuseAnOutputThatIsTheDlq(@TempDir final Path dir) throws IOException {
        final Path in = dir.resolve("in.jsonl");
        Files.writeString(in, GOOD + "\n");
        final String out = dir.resolve("both.jsonl").toString();
        final Run run = file("--input", in.toString(), "--output", out, "--dlq", out);
        assertEquals(Main.EXIT_USAGE, run.status());
        assertEquals("sftstream: --output '" + out + "' and --dlq '" + out + "' are the same "
                + "file; give each of --input, --output and --dlq a file of its own", run.err());
        assertFalse(Files.exists(dir.resolve("both.jsonl")));
    }

    @Test
    void shouldRefuseTheInputThroughASymbolicOrHardLink(@TempDir final Path dir)
            throws IOException {
        final Path in = dir.resolve("in.jsonl");
        Files.writeString(in, GOOD + "\n");
        final Path soft = Files.createSymbolicLink(dir.resolve("soft.jsonl"), in);
        final Path hard = Files.createLink(dir.resolve("hard.jsonl"), in);
        final Run viaSoft = file("--input", in.toString(), "--output", soft.toString(),
                "--dlq", dir.resolve("dlq.jsonl").toString());
        assertEquals(Main.EXIT_USAGE, viaSoft.status());
        assertEquals("sftstream: --input '" + in + "' and --output '" + soft + "' are the same "
                + "file; give each of --input, --output and --dlq a file of its own",
                viaSoft.err());
        final Run viaHard = file("--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", hard.toString());
        assertEquals(Main.EXIT_USAGE, viaHard.status());
        assertTrue(viaHard.err().startsWith("sftstream: --input '" + in + "' and --dlq '" + hard
                + "' are the same file"), viaHard.err());
        assertEquals(GOOD + "\n", Files.readString(in));
        assertTrue(Files.isSymbolicLink(soft));
    }

    @Test
    void shouldRefuseStandardOutputTwiceButNotTheNullDeviceTwice(@TempDir final Path dir)
            throws IOException {
        final Path in = dir.resolve("in.jsonl");
        Files.writeString(in, GOOD + "\n");
        final Run twice = file("--input", in.toString(), "--output", "-", "--dlq",
                "/dev/stdout");
        assertEquals(Main.EXIT_USAGE, twice.status());
        assertEquals("sftstream: --output '-' and --dlq '/dev/stdout' are the same file; give "
                + "each of --input, --output and --dlq a file of its own", twice.err());
        assertEquals(0, file("--input", in.toString(), "--output", "/dev/null", "--dlq",
                "/dev/null").status());
    }

    @Test
    void shouldWriteThroughALinkToTheFileItNamesAndLeaveNoTemporaryFile(
            @TempDir final Path dir) throws IOException {
        final Path in = dir.resolve("in.jsonl");
        Files.writeString(in, GOOD + "\n{\"prompt\":\"\",\"response\":\"x\"}\n");
        final Path real = dir.resolve("real-out.jsonl");
        Files.writeString(real, "previous\n");
        final Path link = Files.createSymbolicLink(dir.resolve("out.jsonl"), real);
        final Run run = file("--input", in.toString(), "--output", link.toString(), "--dlq",
                dir.resolve("dlq.jsonl").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(1, Files.readAllLines(real).size());
        assertTrue(Files.readString(real).startsWith("{\"id\":\"file-0-0\""));
        assertEquals(1, Files.readAllLines(dir.resolve("dlq.jsonl")).size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".partial"))
                    .toList());
        }
    }

    @Test
    void shouldSendABadArrayElementToTheDlqWithItsIndexAndExactBytes(@TempDir final Path dir)
            throws IOException {
        final Path in = dir.resolve("in.json");
        Files.writeString(in, "\n [\n  " + GOOD + ",\n  {\"prompt\": \"x\", oops},\n  42 ,\n"
                + "  {\"prompt\":\"Bye\",\"response\":\"Bye\"}\n] \n");
        final Path out = dir.resolve("out.jsonl");
        final Path dlq = dir.resolve("dlq.jsonl");
        final Run run = file("--input", in.toString(), "--output", out.toString(), "--dlq",
                dlq.toString());
        assertEquals(0, run.status(), run.err());
        final List<String> accepted = Files.readAllLines(out);
        assertEquals(2, accepted.size());
        assertTrue(accepted.get(0).startsWith("{\"id\":\"file-0-0\""));
        assertTrue(accepted.get(1).startsWith("{\"id\":\"file-0-3\""));
        final List<String> dead = Files.readAllLines(dlq);
        assertEquals(2, dead.size());
        assertTrue(dead.get(0).startsWith("{\"line\":1,\"reason\":\"INVALID_JSON\",\"message\":"),
                dead.get(0));
        assertTrue(dead.get(0).endsWith(",\"value\":\"{\\\"prompt\\\": \\\"x\\\", oops}\"}"),
                dead.get(0));
        assertEquals("{\"line\":2,\"reason\":\"INVALID_JSON\",\"message\":\"record value is "
                + "JSON an integer, not an object\",\"value\":\"42\"}", dead.get(1));
    }

    @Test
    void shouldRefuseTrailingGarbageAndAnUnclosedArray(@TempDir final Path dir)
            throws IOException {
        final Path in = dir.resolve("in.json");
        Files.writeString(in, "[" + GOOD + "] " + GOOD);
        final Path dlq = dir.resolve("dlq.jsonl");
        assertEquals(0, file("--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", dlq.toString()).status());
        assertEquals(List.of("{\"line\":1,\"reason\":\"INVALID_JSON\",\"message\":\"bytes after "
                + "the closing ']' of the JSON array (trailing garbage)\",\"value\":"
                + "\"{\\\"prompt\\\":\\\"Say hi\\\",\\\"response\\\":\\\"Hi\\\"}\"}"),
                Files.readAllLines(dlq));
        Files.writeString(in, "[" + GOOD + ",\n" + GOOD + "\n");
        assertEquals(0, file("--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", dlq.toString()).status());
        assertEquals(1, Files.readAllLines(dir.resolve("out.jsonl")).size());
        assertEquals(List.of("{\"line\":1,\"reason\":\"INVALID_JSON\",\"message\":\"the JSON "
                + "array is not closed: the input ends inside this element (is the file cut "
                + "short?)\",\"value\":\"{\\\"prompt\\\":\\\"Say hi\\\",\\\"response\\\":"
                + "\\\"Hi\\\"}\"}"), Files.readAllLines(dlq));
    }

    @Test
    void shouldReadAnArrayAsLinesWhenTheLayoutIsJsonlAndRefuseALineFileAsAnArray(
            @TempDir final Path dir) throws IOException {
        final Path in = dir.resolve("in.json");
        Files.writeString(in, "[" + GOOD + "]\n");
        final Path dlq = dir.resolve("dlq.jsonl");
        assertEquals(0, file("--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", dlq.toString(),
                "--input-layout", "jsonl").status());
        assertTrue(Files.readString(dlq).startsWith("{\"line\":0,\"reason\":\"INVALID_JSON\""));
        Files.writeString(in, GOOD + "\n");
        final Run run = file("--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", dlq.toString(),
                "--input-layout", "json-array");
        assertEquals(Main.EXIT_USAGE, run.status());
        assertEquals("sftstream: --input-layout (SFTSTREAM_INPUT_LAYOUT) is json-array, but "
                + "--input '" + in + "' does not start with '['; give --input-layout jsonl for "
                + "one record per line", run.err());
        final Run bad = file("--input", in.toString(), "--output",
                dir.resolve("out.jsonl").toString(), "--dlq", dlq.toString(),
                "--input-layout", "yaml");
        assertEquals(Main.EXIT_USAGE, bad.status());
        assertEquals("sftstream: --input-layout (SFTSTREAM_INPUT_LAYOUT) has the value 'yaml', "
                + "which is not allowed; allowed: jsonl, json-array, auto", bad.err());
    }

    @Test
    void shouldLeaveNoCompleteLookingOutputWhenInterrupted(@TempDir final Path dir)
            throws IOException, InterruptedException {
        final Path in = dir.resolve("big.jsonl");
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 400_000; i++) {
            lines.append("{\"prompt\":\"Question number ").append(i)
                    .append("\",\"response\":\"Answer ").append(i).append("\"}\n");
        }
        Files.writeString(in, lines, StandardCharsets.UTF_8);
        final Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "previous\n");
        final Path dlq = dir.resolve("dlq.jsonl");
        final Path log = dir.resolve("child.log");
        final Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sftstream.app.Main", "file",
                "--input", in.toString(), "--output", out.toString(), "--dlq", dlq.toString(),
                "--threads", "1", "--quiet")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && child.isAlive() && partials(dir).isEmpty()) {
                Thread.sleep(100);
            }
            assertTrue(child.isAlive(), Files.readString(log));
            Thread.sleep(1_000);
            assertTrue(child.isAlive(), "the run ended before it could be interrupted");
            final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid()))
                    .inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            final String text = Files.readString(log);
            assertEquals(130, child.exitValue(), text);
            assertTrue(text.matches("(?s)(.*\\n)?sftstream: interrupted after [0-9,]+ records read "
                    + "\\([0-9,]+ accepted, [0-9,]+ rejected so far\\); nothing was written to "
                    + "--output '" + java.util.regex.Pattern.quote(out.toString()) + "' or "
                    + "--dlq '" + java.util.regex.Pattern.quote(dlq.toString()) + "' \\(the "
                    + "unfinished temporary files are deleted\\)\\s*"), text);
            assertEquals("previous\n", Files.readString(out));
            assertFalse(Files.exists(dlq));
            assertEquals(List.of(), partials(dir));
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<Path> partials(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
    }
}
