package io.sftstream.bench.jmh;

import io.sftstream.serdes.TrainingRecord;
import io.sftstream.serdes.TrainingRecordJson;
import java.util.Random;
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
 * The JSON output of a training record (three int arrays and a few fields), for a typical
 * record and one at the default {@code max.tokens}. Token ids follow Qwen3's range (0-151k,
 * mostly below 20k), the first quarter of the positions is masked ({@code -100}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonWriteBench {

    @Param({"600", "4096"})
    public int tokens;

    private TrainingRecord record;

    @Setup
    public void setUp() {
        final Random random = new Random(7);
        final int[] ids = new int[tokens];
        final int[] labels = new int[tokens];
        int trained = 0;
        for (int i = 0; i < tokens; i++) {
            ids[i] = random.nextInt(8) == 0 ? 20_000 + random.nextInt(131_000)
                    : random.nextInt(20_000);
            if (i < tokens / 4) {
                labels[i] = TrainingRecord.IGNORE_INDEX;
            } else {
                labels[i] = ids[i];
                trained++;
            }
        }
        record = new TrainingRecord("rec-12345", ids, labels, trained, false);
    }

    @Benchmark
    public byte[] write() {
        return TrainingRecordJson.write(record);
    }
}
