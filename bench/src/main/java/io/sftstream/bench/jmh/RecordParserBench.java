package io.sftstream.bench.jmh;

import io.sftstream.serdes.InputFormat;
import io.sftstream.serdes.ParseResult;
import io.sftstream.serdes.RecordParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing one record value (UTF-8 check, strict JSON, shape detection and validation) of about
 * 150 prompt and 600 response tokens: an alpaca record in English, the same in Chinese, and a
 * three-message {@code messages} record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordParserBench {

    @Param({"alpaca-english", "alpaca-chinese", "messages"})
    public String record;

    private final RecordParser parser = new RecordParser(InputFormat.AUTO, 1_048_576);
    private byte[] value;

    @Setup
    public void setUp() {
        value = JmhTexts.record(record);
    }

    @Benchmark
    public ParseResult parse() {
        return parser.parse(value);
    }
}
