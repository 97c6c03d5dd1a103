package io.sftstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Runs every stage of the benchmark on a tiny data set: it must complete and account for every
 * record (the stages check their own results). Nothing is timed or compared here.
 */
class BenchSmokeTest {

    @Test
    void shouldRunEveryStageOnATinyDataSet() {
        final StringWriter text = new StringWriter();
        final int status = BenchMain.run(new PrintWriter(text, true), "--records", "120",
                "--rounds", "1", "--e2e-warmup", "0", "--e2e-runs", "1", "--partitions", "2",
                "--latency-warmup", "1", "--latency-seconds", "1", "--bad-fraction", "0.1");
        final String report = text.toString();
        assertEquals(0, status, report);
        for (final String row : new String[] {"  limit ", "  limit (batchEncode) ", "  step ",
            "  file ", "  file (CLI) ", "  end-to-end ", "  lap 3 ", "Latency at a fixed",
            "  per-record Kafka CPU, run 1: ", "  per-record Kafka CPU, latency run: ",
            "Targets:"}) {
            assertTrue(report.contains(row), () -> "no '" + row + "' in\n" + report);
        }
    }

    @Test
    void shouldReportTheDjlLimitAndWhereTheStreamThreadsWereNextToTheLaps() {
        final StringWriter text = new StringWriter();
        final int status = BenchMain.run(new PrintWriter(text, true), "--records", "200",
                "--rounds", "1", "--stages", "djl,e2e", "--e2e-warmup", "0", "--e2e-runs", "0",
                "--e2e-laps", "2", "--partitions", "2");
        final String report = text.toString();
        assertEquals(0, status, report);
        for (final String row : new String[] {"  limit with DJL ", "  DJL limit before ",
            "  last lap x DJL limit: ", "  per-record Kafka CPU, last lap: ",
            "  where the stream threads were, last lap", "engine:    java"}) {
            assertTrue(report.contains(row), () -> "no '" + row + "' in\n" + report);
        }
    }

    @Test
    void shouldRunTheMemoryCheckOnLongRecords() {
        final StringWriter text = new StringWriter();
        final int status = BenchMain.run(new PrintWriter(text, true), "--heap-check",
                "--long-records", "8", "--rounds", "1", "--partitions", "2");
        assertEquals(0, status, text.toString());
        assertTrue(text.toString().contains("  end-to-end "), text::toString);
        assertTrue(text.toString().contains("Memory: max heap"), text::toString);
    }
}
