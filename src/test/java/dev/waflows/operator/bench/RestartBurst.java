package dev.waflows.operator.bench;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.sandbox.GraphSandbox;
import dev.waflows.sandbox.SecondCount;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The restart-burst round: a fleet that is all Ready, then the operator is stopped (SIGTERM) and a
 * new one started, as a rollout or a leader change does; Graph calls per second are recorded for a
 * window after the start. Done for this tree's operator and, when given, an earlier commit's jar
 * against the same fleet, so the two can be compared.
 */
final class RestartBurst {

  private static final String NAMESPACE = "bench-restart";

  private final BenchOptions options;
  private final BenchCluster cluster;
  private final GraphSandbox graph;
  private final Function<Path, OperatorJvm> operator;
  private final Path out;
  private final Map<String, BurstSummary> results = new LinkedHashMap<>();
  private final Map<String, Integer> postsByLabel = new LinkedHashMap<>();
  private final Map<String, Double> peakRssByLabel = new LinkedHashMap<>();
  private int fleetSize;
  private int numbers;
  private String interval;

  /**
   * @param operator starts the operator packaged as the given jar, with the benchmark's budget
   */
  RestartBurst(
      BenchOptions options,
      BenchCluster cluster,
      GraphSandbox graph,
      Function<Path, OperatorJvm> operator,
      Path out) {
    this.options = options;
    this.cluster = cluster;
    this.graph = graph;
    this.operator = operator;
    this.out = out;
  }

  /**
   * Runs the round.
   *
   * @param numbersOf the phone numbers of resource i
   * @param keySecretOf a key Secret for resource i in the given namespace, so no key is generated
   */
  void run(IntFunction<List<String>> numbersOf, KeySecrets keySecretOf) {
    int n = options.restartResources();
    log(
        "restart burst: %,d resources, verifyInterval %s, window %d s",
        n, options.restartInterval(), options.restartWindow().toSeconds());
    cluster.freshNamespace(NAMESPACE, true);
    List<FlowsEncryptionKey> resources = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FlowsEncryptionKey r = BenchCluster.resource(NAMESPACE, "r" + i, numbersOf.apply(i));
      r.getSpec().setVerifyInterval(options.restartInterval());
      resources.add(r);
      ids.addAll(r.getSpec().getPhoneNumberIds());
      secrets.add(keySecretOf.secret(NAMESPACE, BenchCluster.keySecretName("r" + i), i));
    }
    fleetSize = n;
    numbers = ids.size();
    interval = options.restartInterval();
    try (OperatorJvm first = operator.apply(OperatorJvm.JAR);
        ReadyWatch ready = new ReadyWatch(cluster.client(), NAMESPACE)) {
      cluster.createSecrets(secrets);
      long t = System.nanoTime();
      cluster.createResources(resources);
      ready.awaitAll(n, Duration.ofMinutes(20));
      log("  fleet Ready in %.1f s", (System.nanoTime() - t) / 1e9);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (cluster.observedCurrentGeneration(NAMESPACE) < n && System.nanoTime() < deadline) {
        OperatorJvm.sleep(2000);
      }
      // Let the last status writes land before the stop.
      OperatorJvm.sleep(5000);
    }
    window("after (this tree)", OperatorJvm.JAR, ids);
    if (options.restartBeforeJar() != null) {
      window(
          "before (" + options.restartBeforeJar() + ")", Path.of(options.restartBeforeJar()), ids);
    }
    cluster.deleteNamespace(NAMESPACE);
  }

  /**
   * The restart alone, against a fleet another round made Ready and whose operator it has stopped:
   * this tree's operator is started and watched for the window.
   *
   * @param ids the fleet's phone numbers
   * @param fleetResources resources of the fleet
   * @param fleetInterval their spec.verifyInterval, for the table
   */
  void restartAgainst(List<String> ids, int fleetResources, String fleetInterval) {
    fleetSize = fleetResources;
    numbers = ids.size();
    interval = fleetInterval;
    window("after (this tree)", OperatorJvm.JAR, ids);
  }

  private void window(String label, Path jar, List<String> ids) {
    int seconds = (int) options.restartWindow().toSeconds();
    log("  restart: %s, watching %d s", label, seconds);
    // No graph.reset(): it would drop the keys Graph holds, and every check would re-register.
    int getsBefore = ids.stream().mapToInt(graph::getCount).sum();
    int postsBefore = ids.stream().mapToInt(graph::postCount).sum();
    long startMillis = System.currentTimeMillis();
    List<SecondCount> timeline;
    int gets;
    int posts;
    try (OperatorJvm op = operator.apply(jar)) {
      log("  ready %.1f s after the start", (System.currentTimeMillis() - startMillis) / 1e3);
      OperatorJvm.sleep(Math.max(0, startMillis + seconds * 1000L - System.currentTimeMillis()));
      timeline = graph.timeline();
      gets = ids.stream().mapToInt(graph::getCount).sum() - getsBefore;
      posts = ids.stream().mapToInt(graph::postCount).sum() - postsBefore;
      peakRssByLabel.put(label, op.peakRssMiB());
    }
    BurstSummary s = BurstSummary.of(timeline, startMillis / 1000, seconds);
    results.put(label, s);
    postsByLabel.put(label, posts);
    log(
        "  peak %d calls/s at +%d s, %d in the first 60 s, %d in %d s (this round's numbers:"
            + " %d GET + %d POST), 90%% by +%d s; per 30 s %s",
        s.peak(),
        s.peakAt(),
        s.firstMinute(),
        s.total(),
        seconds,
        gets,
        posts,
        s.ninetyPercentBy(),
        s.buckets(30));
    StringBuilder csv = new StringBuilder("second_after_start,calls\n");
    for (int i = 0; i < s.perSecond().length; i++) {
      csv.append(i).append(',').append(s.perSecond()[i]).append('\n');
    }
    String file = "restart-" + label.replaceAll(" .*", "") + "-timeline.csv";
    try {
      Files.writeString(out.resolve(file), csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The round's table, in Markdown. */
  List<String> table() {
    List<String> lines = new ArrayList<>();
    int seconds = (int) options.restartWindow().toSeconds();
    lines.add(
        String.format(
            "**Restart burst** (%,d resources × 3 numbers = %,d numbers, all Ready,"
                + " verifyInterval %s; the operator is stopped with SIGTERM and a new one started;"
                + " Graph calls per second at the sandbox for %d s from the new process's start,"
                + " `target/bench/restart-*-timeline.csv`; peak RSS of the new process over the"
                + " window):",
            fleetSize, numbers, interval, seconds));
    lines.add("");
    lines.add(
        "| operator | peak calls/s | calls in the first 60 s | calls in "
            + seconds
            + " s | of them POST | 90 % of them by | seconds with a call | calls per 30 s"
            + " | peak RSS MiB |");
    lines.add("|---|---:|---:|---:|---:|---:|---:|---|---:|");
    results.forEach(
        (label, s) ->
            lines.add(
                String.format(
                    "| %s | %d (at +%d s) | %,d | %,d | %,d | +%d s | %d | %s | %.0f |",
                    label,
                    s.peak(),
                    s.peakAt(),
                    s.firstMinute(),
                    s.total(),
                    postsByLabel.get(label),
                    s.ninetyPercentBy(),
                    s.secondsWithCalls(),
                    s.buckets(30).toString().replaceAll("[\\[\\]]", ""),
                    peakRssByLabel.get(label))));
    return lines;
  }

  /** Makes a key Secret for resource i. */
  interface KeySecrets {
    Secret secret(String namespace, String name, int i);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    System.out.flush();
  }
}
