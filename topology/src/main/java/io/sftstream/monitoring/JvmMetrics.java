package io.sftstream.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's own metrics, Micrometer's standard binders, as Prometheus scrapes
 * them: {@code jvm_memory_used_bytes{area,id}}, {@code jvm_memory_max_bytes},
 * {@code jvm_gc_pause_seconds}, {@code jvm_threads_live_threads},
 * {@code jvm_classes_loaded_classes}, {@code process_cpu_usage}, {@code system_cpu_count},
 * {@code process_uptime_seconds}, {@code process_files_open_files} and more. Whoever binds them
 * closes them: the GC binder holds a notification listener.
 */
final class JvmMetrics implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Binds every JVM and process binder to {@code registry}. */
    JvmMetrics(final MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    @Override
    public void close() {
        gc.close();
    }
}
