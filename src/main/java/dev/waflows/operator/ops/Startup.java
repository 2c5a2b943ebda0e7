package dev.waflows.operator.ops;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;

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

  /**
   * On SIGTERM (or any JVM exit), logs, runs {@code stop}, logs again and stops logging last (it
   * has no shutdown hook of its own, see log4j2.xml, so that the stop itself is still logged).
   *
   * @param exitZero end with status 0 rather than the JVM's 143 for SIGTERM
   * @return counted down once stopped: the main thread waits on it
   */
  static CountDownLatch onShutdown(Logger log, Runnable stop, boolean exitZero) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  stop.run();
                  log.info("stopped");
                  LogManager.shutdown();
                  stopped.countDown();
                  if (exitZero) {
                    Runtime.getRuntime().halt(0);
                  }
                },
                "shutdown"));
    return stopped;
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
