package dev.waflows.operator.bench;

import dev.waflows.operator.endpoint.ProbeOutcome;
import dev.waflows.operator.metrics.FlowsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * the allocation of one scrape of the whole registry (and of the part that collects the series
 * before they are written as text), and the CPU of recording a first and a steady-state round
 * (every number checked again). The registry is the operator's ({@code PrometheusMeterRegistry}
 * with the default configuration, as {@code ops.Startup} makes it). A main, not a test: figures,
 * not assertions, never run by Surefire. Run after {@code mvn test-compile} with
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
      Arrays.stream(ProbeOutcome.values()).map(ProbeOutcome::reason).toList();

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
    Cost first = Cost.of(() -> record(metrics, resources, "flows", endpoints, now));
    long after = liveHeap();
    Cost again =
        Cost.of(() -> record(metrics, resources, "flows", endpoints, now.plusSeconds(3600)));
    long afterAgain = liveHeap();

    String body = registry.scrape();
    Cost[] scrapes = new Cost[9];
    Cost[] collects = new Cost[scrapes.length];
    Cost[] answers = new Cost[scrapes.length];
    int size = body.length();
    for (int i = 0; i < scrapes.length; i++) {
      scrapes[i] = Cost.of(registry::scrape);
      collects[i] = Cost.of(() -> registry.getPrometheusRegistry().scrape());
      answers[i] = Cost.of(() -> scrapeInto(registry, size));
    }

    System.out.printf(
        "resources %,d x %d numbers%s%n", resources, NUMBERS, endpoints ? ", with endpoints" : "");
    System.out.printf(
        "retained heap: %.1f MiB, %,d bytes a resource (%,d after a second round)%n",
        (after - before) / 1048576.0,
        (after - before) / resources,
        (afterAgain - before) / resources);
    System.out.printf(
        "recording, CPU per resource: first round %.1f us, second %.1f us (wall %.2f s, %.2f s)%n",
        first.cpuNanos / 1e3 / resources,
        again.cpuNanos / 1e3 / resources,
        first.wallNanos / 1e9,
        again.wallNanos / 1e9);
    System.out.printf(
        "scrape (median of %d): CPU %.0f ms, of it %.0f ms collecting; wall %.0f ms; %.1f MiB"
            + " allocated, of it %.1f MiB collecting; %,d bytes, %,d lines%n",
        scrapes.length,
        Cost.median(scrapes, c -> c.cpuNanos) / 1e6,
        Cost.median(collects, c -> c.cpuNanos) / 1e6,
        Cost.median(scrapes, c -> c.wallNanos) / 1e6,
        Cost.median(scrapes, c -> c.allocatedBytes) / 1048576.0,
        Cost.median(collects, c -> c.allocatedBytes) / 1048576.0,
        body.length(),
        body.lines().count());
    System.out.printf(
        "scrape into a buffer of the last answer's size (as the operator answers /metrics): CPU"
            + " %.0f ms, %.1f MiB allocated%n",
        Cost.median(answers, c -> c.cpuNanos) / 1e6,
        Cost.median(answers, c -> c.allocatedBytes) / 1048576.0);
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

  private static void scrapeInto(PrometheusMeterRegistry registry, int lastSize) {
    try {
      registry.scrape(new ByteArrayOutputStream(lastSize + lastSize / 8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /**
   * What a piece of work cost this thread: CPU (the machine is shared, so wall time alone says
   * little), wall time and bytes allocated.
   */
  private record Cost(long cpuNanos, long wallNanos, long allocatedBytes) {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static Cost of(Runnable work) {
      long id = Thread.currentThread().getId();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long allocated = THREADS.getThreadAllocatedBytes(id);
      long wall = System.nanoTime();
      work.run();
      return new Cost(
          THREADS.getCurrentThreadCpuTime() - cpu,
          System.nanoTime() - wall,
          THREADS.getThreadAllocatedBytes(id) - allocated);
    }

    static long median(Cost[] costs, java.util.function.ToLongFunction<Cost> figure) {
      return Arrays.stream(costs).mapToLong(figure).sorted().toArray()[costs.length / 2];
    }
  }
}
