package dev.waflows.operator.bench;

import dev.waflows.operator.metrics.FlowsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Prints what the per-resource metrics cost: heap retained per resource once {@code N} resources of
 * 3 numbers each are recorded into {@link FlowsMetrics} as a reconcile records them, the time and
 * the allocation of one scrape of the whole registry, and the time of a steady-state round (every
 * number checked again). The registry is the operator's ({@code PrometheusMeterRegistry} with the
 * default configuration, as {@code ops.Startup} makes it). A main, not a test: figures, not
 * assertions, never run by Surefire. Run after {@code mvn test-compile} with
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx1g -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.bench.MetricsMemoryBenchmark [RESOURCES] [endpoints]
 * </pre>
 *
 * <p>{@code endpoints} also probes an endpoint per resource (the resources with {@code
 * spec.endpoint}). cp.txt comes from {@code mvn dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}. Every name and number id is a new string per call, as each pass reads
 * them from a freshly deserialized resource, so what is counted is what the metrics keep.
 */
public final class MetricsMemoryBenchmark {

  private static final int NUMBERS = 3;
  private static final Duration INTERVAL = Duration.ofHours(1);
  private static final List<String> OUTCOMES =
      List.of(
          "Opened",
          "EndpointCannotDecrypt",
          "EndpointRejectedSignature",
          "EndpointBadResponse",
          "EndpointUnreachable");

  private MetricsMemoryBenchmark() {}

  public static void main(String[] args) {
    int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    boolean endpoints = Arrays.asList(args).contains("endpoints");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowsMetrics metrics = new FlowsMetrics(registry);
    Instant now = Instant.parse("2026-12-05T12:00:00Z");
    // The classes and the fixed meters once, so that the baseline holds them.
    record(metrics, 1, "warm-up", endpoints, now);
    metrics.forgetResource(namespace(0), "warm-up-0");
    registry.scrape();

    long before = liveHeap();
    long start = System.nanoTime();
    record(metrics, resources, "flows", endpoints, now);
    double recordS = (System.nanoTime() - start) / 1e9;
    long after = liveHeap();

    start = System.nanoTime();
    record(metrics, resources, "flows", endpoints, now.plusSeconds(3600));
    double againS = (System.nanoTime() - start) / 1e9;
    long afterAgain = liveHeap();

    String body = registry.scrape();
    long[] scrapeNanos = new long[7];
    long allocated = 0;
    for (int i = 0; i < scrapeNanos.length; i++) {
      long allocBefore = threadAllocatedBytes();
      long t = System.nanoTime();
      body = registry.scrape();
      scrapeNanos[i] = System.nanoTime() - t;
      allocated = threadAllocatedBytes() - allocBefore;
    }
    Arrays.sort(scrapeNanos);

    System.out.printf(
        "resources %,d x %d numbers%s%n", resources, NUMBERS, endpoints ? ", with endpoints" : "");
    System.out.printf(
        "retained heap: %.1f MiB, %,d bytes a resource (%,d after a second round)%n",
        (after - before) / 1048576.0,
        (after - before) / resources,
        (afterAgain - before) / resources);
    System.out.printf(
        "first round %.2f s (%.1f us a resource), second %.2f s (%.1f us a resource)%n",
        recordS, recordS * 1e6 / resources, againS, againS * 1e6 / resources);
    System.out.printf(
        "scrape: median %.0f ms (min %.0f, max %.0f of %d), %,d bytes, %,d lines, %.1f MiB"
            + " allocated%n",
        scrapeNanos[scrapeNanos.length / 2] / 1e6,
        scrapeNanos[0] / 1e6,
        scrapeNanos[scrapeNanos.length - 1] / 1e6,
        scrapeNanos.length,
        body.length(),
        body.lines().count(),
        allocated / 1048576.0);
    // Reachable until here, so that every figure above counts it.
    Reference.reachabilityFence(metrics);
  }

  /** What a pass that checked every number records, for {@code count} resources. */
  private static void record(
      FlowsMetrics metrics, int count, String prefix, boolean endpoints, Instant at) {
    for (int i = 0; i < count; i++) {
      String ns = namespace(i);
      String name = prefix + "-" + i;
      for (int n = 0; n < NUMBERS; n++) {
        metrics.numberChecked(
            new String(ns), new String(name), numberId(i, n), "VALID", true, INTERVAL, at);
      }
      metrics.retainNumbers(
          new String(ns), new String(name), Set.of(numberId(i, 0), numberId(i, 1), numberId(i, 2)));
      metrics.resourceState(new String(ns), new String(name), true, false);
      if (endpoints) {
        metrics.endpointProbed(
            new String(ns), new String(name), "Opened", OUTCOMES, Duration.ofMillis(20));
        metrics.endpointReady(new String(ns), new String(name), true);
      }
    }
  }

  /** 100 resources a namespace, as a provider with one namespace per business group might have. */
  private static String namespace(int i) {
    return "tenant-" + i / 100;
  }

  private static String numberId(int resource, int n) {
    return Long.toString(100_000_000_000_000L + resource * 10L + n);
  }

  private static long liveHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long threadAllocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
