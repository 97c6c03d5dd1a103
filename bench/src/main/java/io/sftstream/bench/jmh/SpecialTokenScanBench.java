package io.sftstream.bench.jmh;

import io.sftstream.tokenize.SpecialTokenScanner;
import io.sftstream.tokenize.TokenizerBundle;
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
 * The added-token scan over one text of about 1,000 tokens with no added token in it (the
 * common case: the whole text is read): English prose with some markup, Chinese, and code.
 * The scanner holds the bundled Qwen3 tokenizer's 26 added tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpecialTokenScanBench {

    @Param({"english", "chinese", "code"})
    public String kind;

    private SpecialTokenScanner scanner;
    private String text;

    @Setup
    public void setUp() {
        try (TokenizerBundle qwen = TokenizerBundle.load(null)) {
            scanner = SpecialTokenScanner.of(qwen);
        }
        text = JmhTexts.text(kind, 1000);
    }

    @Benchmark
    public String findFirst() {
        return scanner.findFirst(text);
    }
}
