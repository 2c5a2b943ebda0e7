package dev.waflows.operator.bench;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The scale round: one operator and N resources (10,000 by default), in five parts, each reported
 * on its own so that a part that could not run says "not run" and why:
 *
 * <ol>
 *   <li>convergence of N resources whose key Secrets are present, from the first create until all
 *       are Ready, against the {@link LowerBound};
 *   <li>memory at rest (RSS, heap after a full GC) and the peak RSS;
 *   <li>the steady state over one verifyInterval (a {@link SteadyWindow});
 *   <li>a restart burst against the same fleet (a {@link RestartBurst});
 *   <li>a rotation of N resources at once whose keys the operator generated: created in a second
 *       namespace once the first fleet is gone, Ready, then annotated while the operator is stopped
 *       and timed from the new operator's start (so the benchmark's N annotations do not count).
 * </ol>
 */
final class ScaleRound {

  static final String NAMESPACE = "bench-scale";
  static final String ROTATION_NAMESPACE = "bench-scale-rotation";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(40);
  private static final int HISTOGRAM_LINES = 60;

  private final BenchOptions options;
  private final BenchCluster cluster;
  private final GraphSandbox graph;
  private final Supplier<OperatorJvm> operator;
  private final RestartBurst restart;
  private final double keygenMeanSeconds;
  private final Path out;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final List<String> convergenceRows = new ArrayList<>();
  private final List<String> memoryRows = new ArrayList<>();
  private final Map<String, String> steady = new LinkedHashMap<>();
  private final Map<String, String> rotation = new LinkedHashMap<>();
  private boolean restarted;
  private String stoppedBy = "";

  /**
   * @param operator starts this tree's operator with the benchmark's budget
   * @param restart the restart-burst mechanics, used on this round's fleet
   * @param keygenMeanSeconds mean time to generate one key on one core, measured beforehand
   * @param out where the class histograms go
   */
  ScaleRound(
      BenchOptions options,
      BenchCluster cluster,
      GraphSandbox graph,
      Supplier<OperatorJvm> operator,
      RestartBurst restart,
      double keygenMeanSeconds,
      Path out) {
    this.options = options;
    this.cluster = cluster;
    this.graph = graph;
    this.operator = operator;
    this.restart = restart;
    this.keygenMeanSeconds = keygenMeanSeconds;
    this.out = out;
  }

  /**
   * Runs the round; a part that fails (the operator exited, a timeout) ends it, and it and the
   * parts after it are reported as not run, with the reason.
   *
   * @param numbersOf the phone numbers of resource i of the fleet, new to Graph
   * @param rotationNumbersOf the phone numbers of resource i of the rotation fleet, new to Graph
   * @param keySecretOf a key Secret for resource i, so no key is generated for the fleets
   */
  void run(
      IntFunction<List<String>> numbersOf,
      IntFunction<List<String>> rotationNumbersOf,
      RestartBurst.KeySecrets keySecretOf) {
    try {
      fleet(numbersOf, keySecretOf);
      cluster.deleteNamespace(NAMESPACE);
      rotation(rotationNumbersOf, keySecretOf);
      cluster.deleteNamespace(ROTATION_NAMESPACE);
    } catch (RuntimeException e) {
      stoppedBy =
          "the round stopped: "
              + e.getMessage()
              + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
      log("  %s", stoppedBy);
    }
  }

  // ---------------------------------------------------------------- parts a to d ----

  private void fleet(IntFunction<List<String>> numbersOf, RestartBurst.KeySecrets keySecretOf) {
    int n = options.scaleResources();
    log("scale: %,d resources x %d numbers, key Secrets present", n, options.numbersPerResource());
    cluster.freshNamespace(NAMESPACE, true);
    List<FlowsEncryptionKey> resources = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FlowsEncryptionKey r = BenchCluster.resource(NAMESPACE, "r" + i, numbersOf.apply(i));
      resources.add(r);
      ids.addAll(r.getSpec().getPhoneNumberIds());
      secrets.add(keySecretOf.secret(NAMESPACE, BenchCluster.keySecretName("r" + i), i));
    }
    try (OperatorJvm op = operator.get()) {
      long t = System.nanoTime();
      cluster.createSecrets(secrets);
      log("  %,d key Secrets created in %.1f s (not timed)", n, (System.nanoTime() - t) / 1e9);
      converge(op, NAMESPACE, resources, ids, false);
      memoryAtRest(op, "after convergence");
      steady.putAll(
          new SteadyWindow(cluster, graph)
              .watch(op, NAMESPACE, n, ids, options.scaleIntervalDuration(), 1));
      memory(op, "after one steady interval", Double.NaN);
    }
    restart.restartAgainst(ids, n, options.scaleInterval());
    restarted = true;
  }

  /** Creates the resources and waits until all are Ready; one row of the convergence table. */
  private void converge(
      OperatorJvm op,
      String ns,
      List<FlowsEncryptionKey> resources,
      List<String> ids,
      boolean keysGenerated) {
    int n = resources.size();
    CpuSnapshot cpuBefore = CpuSnapshot.of(op.pid());
    long start;
    long end;
    try (ReadyWatch ready = new ReadyWatch(cluster.client(), ns)) {
      start = System.nanoTime();
      cluster.createResources(resources);
      log("  %,d resources created in %.1f s", n, (System.nanoTime() - start) / 1e9);
      end = ready.awaitAll(n, READY_TIMEOUT, op);
    }
    double seconds = (end - start) / 1e9;
    log("  %s", CpuSnapshot.of(op.pid()).since(cpuBefore, seconds, 6));
    // Graph holds no key for these fresh numbers, so each needs GET, POST, GET.
    double bound =
        LowerBound.seconds(
            keygenMeanSeconds,
            keysGenerated ? n : 0,
            cores,
            ids.size() * 3,
            options.latency(),
            options.maxConcurrent(),
            options.requestsPerSecond());
    int gets = ids.stream().mapToInt(graph::getCount).sum();
    int posts = ids.stream().mapToInt(graph::postCount).sum();
    convergenceRows.add(
        String.format(
            "| %,d | %s | %,d | %,d (%,d GET + %,d POST) | %.1f | %.1f | %.2f |",
            n,
            keysGenerated ? "generated" : "present",
            ids.size(),
            gets + posts,
            gets,
            posts,
            seconds,
            bound,
            seconds / bound));
    log("  all Ready in %.1f s (bound %.1f s, %.2fx)", seconds, bound, seconds / bound);
  }

  private void memoryAtRest(OperatorJvm op, String moment) {
    // Let the last status writes and their watch events settle: a full GC in the middle of a
    // reconcile would count its transient objects as live.
    OperatorJvm.sleep(10_000);
    double heap = ConvergenceBenchmark.heapAfterGc(op);
    String file = "scale-histogram-" + moment.replaceAll("[^a-z]+", "-") + ".txt";
    try {
      Files.writeString(out.resolve(file), op.classHistogram(HISTOGRAM_LINES) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    memory(op, moment + " (at rest; `target/bench/" + file + "`)", heap);
  }

  /** One row of the memory table; {@code heap} NaN when no full GC was asked for. */
  private void memory(OperatorJvm op, String moment, double heap) {
    String row =
        String.format(
            "| %s | %.0f | %s | %.0f |",
            moment,
            op.rssMiB(),
            Double.isNaN(heap) ? "-" : String.format("%.1f", heap),
            op.peakRssMiB());
    memoryRows.add(row);
    log("  memory %s", row);
  }

  // ---------------------------------------------------------------- part e ----

  /**
   * The fleet's first keys come from the benchmark, marked as the operator marks a key it generated
   * (generated for the resource's uid, so that it rotates them): the round measures the rotation,
   * in which the operator generates every one of the N new keys. Having it generate the first N as
   * well doubled the round's hour on two cores and measured nothing new (creation with generated
   * keys has rounds of its own).
   */
  private void rotation(IntFunction<List<String>> numbersOf, RestartBurst.KeySecrets keySecretOf) {
    int n = options.scaleRotationResources();
    log(
        "scale rotation: %,d resources, key Secrets as the operator generates them, registerAfter"
            + " %d s",
        n, RotationRound.REGISTER_AFTER.toSeconds());
    cluster.freshNamespace(ROTATION_NAMESPACE, true);
    List<FlowsEncryptionKey> resources = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FlowsEncryptionKey r = BenchCluster.resource(ROTATION_NAMESPACE, "r" + i, numbersOf.apply(i));
      r.getSpec()
          .setRotation(
              new RotationSpec(
                  null,
                  RotationRound.REGISTER_AFTER.toSeconds() + "s",
                  RotationRound.KEEP_PREVIOUS_FOR.toSeconds() + "s"));
      resources.add(r);
      ids.addAll(r.getSpec().getPhoneNumberIds());
    }
    // Resources first, with no operator running, for their uids; then their Secrets.
    cluster.createResources(resources);
    Map<String, String> uids = cluster.uidsByName(ROTATION_NAMESPACE);
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "r" + i;
      Secret s = keySecretOf.secret(ROTATION_NAMESPACE, BenchCluster.keySecretName(name), i);
      s.getMetadata().setLabels(Map.of(Annotations.MANAGED_BY_LABEL, Annotations.MANAGED_BY_VALUE));
      s.getMetadata()
          .setAnnotations(
              Map.of(
                  Annotations.GENERATED_FOR, uids.get(name), Annotations.GENERATED_FOR_NAME, name));
      secrets.add(s);
    }
    cluster.createSecrets(secrets);
    try (ReadyWatch ready = new ReadyWatch(cluster.client(), ROTATION_NAMESPACE)) {
      long start = System.nanoTime();
      try (OperatorJvm op = operator.get()) {
        ready.awaitAll(n, READY_TIMEOUT, op);
        log(
            "  rotation fleet Ready %.1f s after the operator's start",
            (System.nanoTime() - start) / 1e9);
        memory(op, "rotation fleet Ready (before the rotation)", Double.NaN);
        // Let the last status writes of the creation land before the stop.
        OperatorJvm.sleep(5000);
      }
    }
    int[] postsBefore = ids.stream().mapToInt(graph::postCount).toArray();
    int getsBefore = ids.stream().mapToInt(graph::getCount).sum();
    String value = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    long t = System.nanoTime();
    cluster.annotateAll(ROTATION_NAMESPACE, Annotations.ROTATE_REQUESTED_AT, value);
    log(
        "  annotated while the operator is stopped, in %.1f s (not timed)",
        (System.nanoTime() - t) / 1e9);
    try (WriteWatch writes = new WriteWatch(cluster.client(), ROTATION_NAMESPACE);
        ReadyWatch handled =
            new ReadyWatch(cluster.client(), ROTATION_NAMESPACE, RotationRound.rotated(value));
        ReadyWatch dropped =
            new ReadyWatch(
                cluster.client(), ROTATION_NAMESPACE, RotationRound.oldKeyDropped(value))) {
      // The watch starts after the annotations: what it sees is the operator's.
      long start = System.nanoTime();
      try (OperatorJvm op = operator.get()) {
        log("  operator ready %.1f s after its start", (System.nanoTime() - start) / 1e9);
        long rotated = handled.awaitAll(n, READY_TIMEOUT, op);
        double seconds = (rotated - start) / 1e9;
        log("  all rotated %.1f s after the operator's start", seconds);
        long settled =
            dropped.awaitAll(n, RotationRound.KEEP_PREVIOUS_FOR.plus(Duration.ofMinutes(15)), op);
        // Let the last writes reach the watch.
        OperatorJvm.sleep(3000);
        memory(op, "after the rotation of all " + n, Double.NaN);
        recordRotation(
            n, ids, postsBefore, getsBefore, writes.counts(), seconds, (settled - start) / 1e9);
      }
    }
  }

  private void recordRotation(
      int n,
      List<String> ids,
      int[] postsBefore,
      int getsBefore,
      Map<String, Long> counts,
      double seconds,
      double settledSeconds) {
    int[] posts = new int[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      posts[i] = graph.postCount(ids.get(i)) - postsBefore[i];
    }
    int gets = ids.stream().mapToInt(graph::getCount).sum() - getsBefore;
    int totalPosts = Arrays.stream(posts).sum();
    // Graph holds the old key for every number, so each needs GET, POST, GET with the new one.
    double bound =
        LowerBound.seconds(
                keygenMeanSeconds,
                n,
                cores,
                ids.size() * 3,
                options.latency(),
                options.maxConcurrent(),
                options.requestsPerSecond())
            + RotationRound.REGISTER_AFTER.toSeconds();
    rotation.put(
        "time from the operator's start until every resource has lastHandledRotateAt",
        String.format("%.1f s (lower bound %.1f s: %.2f×)", seconds, bound, seconds / bound));
    rotation.put(
        "time until every old key is dropped",
        String.format(
            "%.1f s (keepPreviousFor %d s after the last registration)",
            settledSeconds, RotationRound.KEEP_PREVIOUS_FOR.toSeconds()));
    rotation.put(
        "Graph calls per number",
        String.format(
            "%.2f POST (%,d; per number %d to %d), %.2f GET (%,d)",
            totalPosts / (double) ids.size(),
            totalPosts,
            Arrays.stream(posts).min().orElse(0),
            Arrays.stream(posts).max().orElse(0),
            gets / (double) ids.size(),
            gets));
    long secretWrites = counts.getOrDefault("Secret MODIFIED", 0L);
    long fekWrites = counts.getOrDefault("FlowsEncryptionKey MODIFIED", 0L);
    long events =
        counts.getOrDefault("Event ADDED", 0L) + counts.getOrDefault("Event MODIFIED", 0L);
    rotation.put(
        "Secret writes per resource",
        String.format("%.2f (%,d)", secretWrites / (double) n, secretWrites));
    rotation.put(
        "FlowsEncryptionKey writes per resource (status)",
        String.format("%.2f (%,d)", fekWrites / (double) n, fekWrites));
    rotation.put("Events per resource", String.format("%.2f (%,d)", events / (double) n, events));
    rotation.put("all writes seen (watch)", counts.toString());
    log("  %s", rotation);
  }

  // ---------------------------------------------------------------- report ----

  /** The round's tables, in Markdown; a part that did not run says so. */
  List<String> table() {
    int n = options.scaleResources();
    String why = stoppedBy;
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "**Scale: convergence** (%,d resources × %d numbers = %,d numbers new to Graph; time"
                + " from the first create until every resource is Ready; Graph budget %.0f calls/s"
                + " and %d in flight, which the bound uses):",
            n,
            options.numbersPerResource(),
            n * options.numbersPerResource(),
            options.requestsPerSecond(),
            options.maxConcurrent()));
    lines.add("");
    lines.addAll(
        ReportSections.tableOrNotRun(
            List.of(
                "| N | keys | numbers | Graph calls | measured s | lower bound s | measured / bound |",
                "|---:|---|---:|---|---:|---:|---:|"),
            convergenceRows,
            why));
    lines.add("");
    lines.add(
        "**Scale: memory** (operator JVM as deployed under its 384Mi limit; heap after jcmd"
            + " GC.run, median of three; peak = VmHWM, the highest RSS since that operator"
            + " process started):");
    lines.add("");
    lines.addAll(
        ReportSections.tableOrNotRun(
            List.of(
                "| moment | RSS MiB | heap after full GC MiB | peak RSS MiB |",
                "|---|---:|---:|---:|"),
            memoryRows,
            why));
    lines.add("");
    lines.add(
        String.format(
            "**Scale: steady state** (%,d resources, %,d numbers, verifyInterval %s, one interval"
                + " watched):",
            n, n * options.numbersPerResource(), options.scaleInterval()));
    lines.add("");
    lines.addAll(
        ReportSections.tableOrNotRun(
            List.of("| measure | value | target |", "|---|---|---|"),
            SteadyWindow.rows(steady),
            why));
    lines.add("");
    if (restarted) {
      lines.addAll(restart.table());
    } else {
      lines.add("**Scale: restart burst:** " + ReportSections.notRun(why));
    }
    lines.add("");
    lines.add(
        String.format(
            "**Scale: rotation** (%,d resources × %d numbers with keys the operator generated,"
                + " annotated `%s` while the operator was stopped, timed from the new operator's"
                + " start; registerAfter %d s, keepPreviousFor %d s; lower bound = max(%,d keys on"
                + " %d cores, GET + POST + GET per number at the budget) + one number's chain +"
                + " registerAfter):",
            options.scaleRotationResources(),
            options.numbersPerResource(),
            Annotations.ROTATE_REQUESTED_AT,
            RotationRound.REGISTER_AFTER.toSeconds(),
            RotationRound.KEEP_PREVIOUS_FOR.toSeconds(),
            options.scaleRotationResources(),
            cores));
    lines.add("");
    String[] expected = {"≤ 1.5× the bound", "-", "1 POST, 2 GET", "2", "-", "-", "-"};
    List<String> rotationRows = new ArrayList<>();
    for (var e : rotation.entrySet()) {
      rotationRows.add(
          String.format(
              "| %s | %s | %s |",
              e.getKey(),
              e.getValue(),
              expected[Math.min(rotationRows.size(), expected.length - 1)]));
    }
    lines.addAll(
        ReportSections.tableOrNotRun(
            List.of("| measure | value | expected |", "|---|---|---|"), rotationRows, why));
    return lines;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    System.out.flush();
  }
}
