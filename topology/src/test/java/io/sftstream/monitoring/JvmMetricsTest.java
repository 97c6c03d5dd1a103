package io.sftstream.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.tokenize.Preprocessor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JVM and process metrics are on every scrape, under the names dashboards expect. */
class JvmMetricsTest {

    @Test
    void shouldExportJvmAndProcessMetrics() {
        // The test tokenizer is shared by the test classes: not closed here.
        final Preprocessor preprocessor = SftMetricsTest.qwenChatml();
        try (SftMetrics metrics = new SftMetrics(preprocessor)) {
            final String text = metrics.scrape();
            final Set<String> names = Scrape.names(text);
            for (final String name : List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes",
                    "jvm_gc_memory_allocated_bytes_total", "jvm_gc_live_data_size_bytes",
                    "jvm_threads_live_threads", "jvm_threads_states_threads",
                    "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_count",
                    "process_uptime_seconds", "process_start_time_seconds",
                    "process_files_open_files")) {
                assertTrue(names.contains(name), name + " in " + names);
            }
            final Map<String, Double> samples = Scrape.samples(text);
            assertEquals(Runtime.getRuntime().availableProcessors(),
                    samples.get("system_cpu_count"));
            assertTrue(samples.get("jvm_threads_live_threads") >= 1);
        }
    }
}
