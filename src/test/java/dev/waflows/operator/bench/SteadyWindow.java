package dev.waflows.operator.bench;

import dev.waflows.sandbox.GraphSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The steady state of a fleet that is all Ready: its resources get a verifyInterval, and for whole
 * intervals the Graph calls for its numbers, the Kubernetes writes in its namespace (other
 * benchmarks may share the cluster), the API server's write requests and the operator's CPU are
 * counted.
 */
final class SteadyWindow {

  private final BenchCluster cluster;
  private final GraphSandbox graph;

  SteadyWindow(BenchCluster cluster, GraphSandbox graph) {
    this.cluster = cluster;
    this.graph = graph;
  }

  /**
   * Sets {@code interval} on every resource of {@code ns}, waits until the operator has seen it,
   * then watches {@code intervals} intervals.
   *
   * @param resources resources in {@code ns}
   * @param numbers their phone numbers
   * @return measure → value, in the order of the report's rows
   */
  Map<String, String> watch(
      OperatorJvm operator,
      String ns,
      int resources,
      List<String> numbers,
      Duration interval,
      int intervals) {
    String spec = interval.toMinutes() + "m";
    long t = System.nanoTime();
    cluster.setVerifyInterval(ns, spec);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (cluster.observedCurrentGeneration(ns) < resources) {
      if (System.nanoTime() > deadline || !operator.isAlive()) {
        throw new IllegalStateException(
            "verifyInterval " + spec + " not observed by every resource in 10 minutes");
      }
      OperatorJvm.sleep(resources > 2000 ? 10_000 : 2000);
    }
    log("  verifyInterval %s set and observed in %.1f s", spec, (System.nanoTime() - t) / 1e9);
    OperatorJvm.sleep(5000);
    int[] before = numbers.stream().mapToInt(graph::getCount).toArray();
    int posts = graph.totalPosts();
    long serverWrites = cluster.serverWriteRequests();
    double cpu = operator.cpuSeconds();
    Map<String, String> steady = new LinkedHashMap<>();
    try (WriteWatch writes = new WriteWatch(cluster.client(), ns)) {
      long start = System.nanoTime();
      OperatorJvm.sleep(interval.multipliedBy(intervals).toMillis());
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpuUsed = operator.cpuSeconds() - cpu;
      long serverWritesDelta = cluster.serverWriteRequests() - serverWrites;
      int[] gets = new int[numbers.size()];
      long total = 0;
      for (int i = 0; i < gets.length; i++) {
        gets[i] = graph.getCount(numbers.get(i)) - before[i];
        total += gets[i];
      }
      int min = Arrays.stream(gets).min().orElse(0);
      int max = Arrays.stream(gets).max().orElse(0);
      double perInterval = total / (double) numbers.size() / (elapsed / interval.toSeconds());
      steady.put(
          "Graph GETs per number per interval",
          String.format(
              "%.3f (%,d GETs for %,d numbers in %.0f s; per number %d to %d)",
              perInterval, total, numbers.size(), elapsed, min, max));
      steady.put("Graph POSTs", String.valueOf(graph.totalPosts() - posts));
      steady.put(
          "Kubernetes writes (watch, the fleet's namespace)",
          writes.total() + (writes.counts().isEmpty() ? "" : " " + writes.counts()));
      steady.put(
          "API server write requests, FEK/Secret/Event (apiserver_request_total, all clients)",
          String.valueOf(serverWritesDelta));
      steady.put(
          "Operator CPU",
          String.format(
              "%.0f s/hour (%.2f cores) at %,d GETs/min: %.1f ms per number verified",
              cpuUsed / elapsed * 3600,
              cpuUsed / elapsed,
              total * 60 / (long) elapsed,
              cpuUsed * 1000 / Math.max(1, total)));
      log("  %s", steady);
    }
    return steady;
  }

  /** What {@link #watch} returned, as Markdown table rows: measure, value, target. */
  static List<String> rows(Map<String, String> steady) {
    List<String> targets = List.of("1", "0", "0", "0 from the operator", "-");
    List<String> rows = new ArrayList<>();
    for (var e : steady.entrySet()) {
      String target = targets.get(Math.min(rows.size(), targets.size() - 1));
      rows.add(String.format("| %s | %s | %s |", e.getKey(), e.getValue(), target));
    }
    return rows;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    System.out.flush();
  }
}
