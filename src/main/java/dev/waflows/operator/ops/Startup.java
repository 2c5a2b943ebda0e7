package dev.waflows.operator.ops;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** What the operator and the proxy do alike when they start. */
final class Startup {

  private Startup() {}

  /**
   * The settings, or exit 2 with the reason on stderr (before any logging starts).
   *
   * @param program how the message starts, e.g. {@code flows-key-operator proxy}
   * @param load reads the settings; throws IllegalArgumentException naming the bad option
   */
  static <T> T settingsOrExit(String program, Supplier<T> load) {
    try {
      return load.get();
    } catch (IllegalArgumentException e) {
      System.err.println(program + ": " + e.getMessage() + " (--help lists the options)");
      System.exit(2);
      throw e; // not reached
    }
  }

  /** A Prometheus registry with the JVM's own series (memory, GC, threads, CPU). */
  static PrometheusMeterRegistry registryWithJvmMetrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }
}
