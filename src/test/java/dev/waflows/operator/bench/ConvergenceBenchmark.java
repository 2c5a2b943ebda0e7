package dev.waflows.operator.bench;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.sandbox.GraphSandbox;
import dev.waflows.sandbox.SecondCount;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Convergence and steady-state cost of the operator on the local control plane, against the Graph
 * sandbox with added latency and a rate limit, beside a lower bound and the manual routine. Prints
 * Markdown tables (and writes them to target/bench/results.md). A main, never run by a test suite:
 * {@code hack/bench.sh} builds and runs it; see the README's Benchmark section.
 */
public final class ConvergenceBenchmark {

  private static final Path OUT = Path.of("target", "bench");
  private static final int KEY_SAMPLES = 30;
  private static final Duration STEADY_INTERVAL = Duration.ofMinutes(1);

  private final BenchOptions options;
  private final BenchCluster cluster;
  private final GraphSandbox graph;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final List<String> rows = new ArrayList<>();
  private final Map<Integer, Double> emptyRoundSeconds = new LinkedHashMap<>();
  private final List<Map<String, String>> notes = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private List<Map<String, String>> keyPool;
  private double keygenMeanSeconds;
  private double keygenMedianSeconds;
  private int round;

  private ConvergenceBenchmark(BenchOptions options, BenchCluster cluster, GraphSandbox graph) {
    this.options = options;
    this.cluster = cluster;
    this.graph = graph;
    this.apiCost = new ApiWriteCost(cluster);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\nusage: " + BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    // A sandbox worker per call the operator may have in flight: its latency must never queue.
    try (GraphSandbox graph =
            GraphSandbox.start(Math.max(32, options.maxConcurrent()))
                .setLatency(options.latency());
        BenchCluster cluster = new BenchCluster()) {
      new ConvergenceBenchmark(options, cluster, graph).run();
    }
    System.out.printf("%nbenchmark took %.1f min%n", (System.nanoTime() - started) / 60e9);
    System.exit(0);
  }

  private void run() throws Exception {
    Files.createDirectories(OUT);
    measureKeyGeneration();
    if (options.restartOnly()) {
      restartBurst();
      printRestartOnly();
      return;
    }
    if (options.rotationOnly()) {
      measureApiWriteCost();
      rotationRound();
      printRotationOnly();
      return;
    }
    if (options.scaleOnly()) {
      scaleRound();
      printSingleRound("Scale", scale.table());
      return;
    }
    measureApiWriteCost();
    String fleet;
    try (OperatorJvm operator =
        startOperator(options.requestsPerSecond(), options.maxConcurrent())) {
      this.operatorPid = operator.pid();
      this.convergenceOperator = operator;
      warmUp();
      fleet = convergenceRounds();
      if (options.convergenceOnly()) {
        cluster.deleteNamespace(fleet);
        print();
        return;
      }
      // Memory first, while the fleet is idle (verifyInterval 1h): a full GC in the middle of
      // 50 reconciles would count their transient objects as live.
      memory(operator, fleet);
      steadyState(operator, fleet);
    }
    cluster.deleteNamespace(fleet);
    rateLimited();
    restartBurst();
    rotationRound();
    manualBaseline();
    print();
  }

  // ---------------------------------------------------------------- API server cost ----

  private final ApiWriteCost apiCost;

  /** Before any operator runs: what the API server spends on the writes the work needs. */
  private void measureApiWriteCost() {
    int n = Math.min(options.largest(), 1000);
    log("API server write cost: %,d resources, their writes made without the operator", n);
    apiCost.run(n, numbersOfNewRound(), keyPool.get(0));
    apiCost.table().forEach(l -> log("  %s", l));
  }

  // ---------------------------------------------------------------- rotation ----

  private RotationRound rotation;

  private void rotationRound() {
    rotation =
        new RotationRound(
            options,
            cluster,
            graph,
            () -> startOperator(options.requestsPerSecond(), options.maxConcurrent()),
            keygenMeanSeconds,
            apiCost.cpuPerResource() / ApiWriteCost.WRITES_PER_RESOURCE);
    rotation.run(numbersOfNewRound());
  }

  private void printRotationOnly() throws IOException {
    List<String> tables = new ArrayList<>(rotation.table());
    tables.add("");
    tables.addAll(apiCost.table());
    printSingleRound("Rotation", tables);
  }

  // ---------------------------------------------------------------- scale ----

  private ScaleRound scale;

  private void scaleRound() {
    scale =
        new ScaleRound(
            options,
            cluster,
            graph,
            () -> startOperator(options.requestsPerSecond(), options.maxConcurrent()),
            newRestartBurst(),
            keygenMeanSeconds,
            OUT);
    scale.run(numbersOfNewRound(), numbersOfNewRound(), this::keySecret);
  }

  private List<String> numbersOf(int round, int resource) {
    List<String> numbers = new ArrayList<>();
    for (int k = 0; k < options.numbersPerResource(); k++) {
      numbers.add(phoneNumber(round, resource, k));
    }
    return numbers;
  }

  /** The report of a round run alone: the machine, the key generation, the round's table. */
  private void printSingleRound(String title, List<String> table) throws IOException {
    out("### %s, %s", title, LocalDate.now());
    out("");
    out(
        "Machine: %d cores, shared local kube-apiserver v1.20 + etcd; Graph sandbox latency %.0f"
            + " ms per call; operator budget %.0f calls/s and %d in flight per token (one token).",
        cores,
        (double) options.latency().toMillis(),
        options.requestsPerSecond(),
        options.maxConcurrent());
    out(
        "RSA-2048 generation: mean %.0f ms, median %.0f ms (%d samples, one thread).",
        keygenMeanSeconds * 1000, keygenMedianSeconds * 1000, KEY_SAMPLES);
    out("");
    table.forEach(l -> out("%s", l));
    Files.writeString(OUT.resolve("results.md"), report.toString());
    System.out.println();
    System.out.print(report);
  }

  // ---------------------------------------------------------------- restart burst ----

  private RestartBurst restart;
  private long operatorPid;
  private OperatorJvm convergenceOperator;
  private final List<String> requestRows = new ArrayList<>();

  private void restartBurst() {
    restart = newRestartBurst();
    restart.run(numbersOfNewRound(), this::keySecret);
  }

  private RestartBurst newRestartBurst() {
    return new RestartBurst(
        options,
        cluster,
        graph,
        jar ->
            OperatorJvm.start(
                jar,
                BenchCluster.STATE.resolve("operator.kubeconfig"),
                graph.baseUrl(),
                options.requestsPerSecond(),
                options.maxConcurrent(),
                OUT.resolve("operator.log"),
                extraJvmFlags()),
        OUT);
  }

  private void printRestartOnly() throws IOException {
    out("### Restart burst, %s", LocalDate.now());
    out("");
    out(
        "Machine: %d cores, shared local kube-apiserver v1.20 + etcd; Graph sandbox latency %.0f"
            + " ms per call; operator budget %.0f calls/s and %d in flight per token (one token).",
        cores,
        (double) options.latency().toMillis(),
        options.requestsPerSecond(),
        options.maxConcurrent());
    if (restart != null) {
      out("");
      restart.table().forEach(l -> out("%s", l));
    }
    Files.writeString(OUT.resolve("results.md"), report.toString());
    System.out.println();
    System.out.print(report);
  }

  // ---------------------------------------------------------------- convergence ----

  private String convergenceRounds() {
    String kept = null;
    for (int n : options.sizes()) {
      for (boolean keysPresent : new boolean[] {false, true}) {
        String ns = "bench-n" + n + (keysPresent ? "-keys" : "-empty");
        converge(ns, n, keysPresent);
        if (keysPresent && n == options.largest()) {
          kept = ns;
        } else {
          cluster.deleteNamespace(ns);
        }
      }
    }
    return kept;
  }

  /**
   * One resource through the whole path, not measured: a long-running operator has loaded its
   * classes, compiled its hot code and opened its connections before a new resource arrives.
   */
  private void warmUp() {
    String ns = "bench-warmup";
    log("warm-up: one resource in %s (not measured)", ns);
    cluster.freshNamespace(ns, true);
    round++;
    FlowsEncryptionKey r =
        BenchCluster.resource(
            ns,
            "warmup",
            List.of(phoneNumber(round, 0, 0), phoneNumber(round, 0, 1), phoneNumber(round, 0, 2)));
    try (ReadyWatch ready = new ReadyWatch(cluster.client(), ns)) {
      cluster.createResources(List.of(r));
      ready.awaitAll(1, Duration.ofMinutes(2));
    }
    cluster.deleteNamespace(ns);
  }

  private void converge(String ns, int n, boolean keysPresent) {
    log("round %s: %d resources x %d numbers", ns, n, options.numbersPerResource());
    cluster.freshNamespace(ns, true);
    round++;
    List<FlowsEncryptionKey> resources = new ArrayList<>();
    List<Secret> keySecrets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "r" + i;
      List<String> numbers = new ArrayList<>();
      for (int k = 0; k < options.numbersPerResource(); k++) {
        numbers.add(phoneNumber(round, i, k));
      }
      resources.add(BenchCluster.resource(ns, name, numbers));
      if (keysPresent) {
        keySecrets.add(keySecret(ns, BenchCluster.keySecretName(name), i));
      }
    }
    cluster.createSecrets(keySecrets);
    List<String> ids =
        resources.stream().flatMap(r -> r.getSpec().getPhoneNumberIds().stream()).toList();
    int limited = graph.rateLimitedCount();
    long end;
    long start;
    CpuSnapshot cpuBefore = CpuSnapshot.of(operatorPid);
    KubernetesRequestCounts requestsBefore = convergenceOperator.kubernetesRequests();
    try (ReadyWatch ready = new ReadyWatch(cluster.client(), ns)) {
      start = System.nanoTime();
      cluster.createResources(resources);
      log("  created in %.1f s", (System.nanoTime() - start) / 1e9);
      end = ready.awaitAll(n, Duration.ofMinutes(20));
    }
    log("  %s", CpuSnapshot.of(operatorPid).since(cpuBefore, (end - start) / 1e9, 6));
    // Events and the last status writes may land just after Ready is seen.
    OperatorJvm.sleep(3000);
    String requests = convergenceOperator.kubernetesRequests().since(requestsBefore).perResource(n);
    requestRows.add(
        String.format("| %,d | %s | %s |", n, keysPresent ? "present" : "generated", requests));
    log("  Kubernetes requests per resource: %s", requests);
    double seconds = (end - start) / 1e9;
    int numbers = n * options.numbersPerResource();
    // Graph holds no key for these fresh numbers, so each needs GET, POST, GET.
    int callsNeeded = numbers * 3;
    int generated = keysPresent ? 0 : n;
    double bound =
        LowerBound.seconds(
            keygenMeanSeconds,
            generated,
            cores,
            callsNeeded,
            options.latency(),
            options.maxConcurrent(),
            options.requestsPerSecond());
    String withControlPlane = "not run";
    if (apiCost.ran()) {
      double bound2 =
          LowerBound.secondsWithControlPlane(
              keygenMeanSeconds,
              generated,
              apiCost.cpuPerResource() * n,
              cores,
              callsNeeded,
              options.latency(),
              options.maxConcurrent(),
              options.requestsPerSecond());
      withControlPlane = String.format("%.1f | %.2f", bound2, seconds / bound2);
    } else {
      withControlPlane = "not run | not run";
    }
    // Counted per number of this round: the operator watches all namespaces, and resources that
    // others left in the cluster must not count.
    int actualGets = ids.stream().mapToInt(graph::getCount).sum();
    int actualPosts = ids.stream().mapToInt(graph::postCount).sum();
    if (!keysPresent) {
      emptyRoundSeconds.put(n, seconds);
    }
    rows.add(
        String.format(
            "| %,d | %s | %,d | %,d (%,d GET + %,d POST%s) | %.1f | %.1f | %.2f | %s |",
            n,
            keysPresent ? "present" : "generated",
            numbers,
            actualGets + actualPosts,
            actualGets,
            actualPosts,
            graph.rateLimitedCount() > limited
                ? ", " + (graph.rateLimitedCount() - limited) + " x 429"
                : "",
            seconds,
            bound,
            seconds / bound,
            withControlPlane));
    log(
        "  all Ready in %.1f s (bound %.1f s; with the API server's CPU: %s)",
        seconds, bound, withControlPlane);
  }

  /** Phone numbers new to Graph, for a new round: resource i's. */
  private IntFunction<List<String>> numbersOfNewRound() {
    int r = ++round;
    return i -> numbersOf(r, i);
  }

  private static String phoneNumber(int round, int resource, int k) {
    return String.format("7%02d%05d%d", round, resource, k);
  }

  private Secret keySecret(String ns, String name, int i) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withType("Opaque")
        .withStringData(keyPool.get(i % keyPool.size()))
        .build();
  }

  private void measureKeyGeneration() {
    RsaKeyGenerator generator = new RsaKeyGenerator();
    for (int i = 0; i < 3; i++) {
      generator.generate();
    }
    double[] seconds = new double[KEY_SAMPLES];
    keyPool = new ArrayList<>();
    for (int i = 0; i < KEY_SAMPLES; i++) {
      long t = System.nanoTime();
      var pair = generator.generate();
      seconds[i] = (System.nanoTime() - t) / 1e9;
      keyPool.add(KeySecretWriter.write(pair, null));
    }
    keygenMeanSeconds = Arrays.stream(seconds).average().orElseThrow();
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    keygenMedianSeconds = (sorted[KEY_SAMPLES / 2 - 1] + sorted[KEY_SAMPLES / 2]) / 2;
    log(
        "RSA-2048 generation: mean %.0f ms, median %.0f ms (n=%d)",
        keygenMeanSeconds * 1000, keygenMedianSeconds * 1000, KEY_SAMPLES);
  }

  // ---------------------------------------------------------------- steady state ----

  private void steadyState(OperatorJvm operator, String ns) {
    int n = options.largest();
    log("steady state: %s, verifyInterval 1m, %d intervals", ns, options.steadyIntervals());
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      numbers.addAll(numbersOf(roundOf(ns), i));
    }
    steady.putAll(
        new SteadyWindow(cluster, graph)
            .watch(operator, ns, n, numbers, STEADY_INTERVAL, options.steadyIntervals()));
  }

  private final Map<String, String> steady = new LinkedHashMap<>();
  private final Map<String, String> memory = new LinkedHashMap<>();

  private int roundOf(String ns) {
    // The kept fleet is the last convergence round.
    return round;
  }

  // ---------------------------------------------------------------- memory ----

  private void memory(OperatorJvm operator, String ns) {
    String noise = "bench-noise";
    log("memory: %s, then %,d unrelated Secrets", ns, options.noiseSecrets());
    OperatorJvm.sleep(10_000);
    double heap = heapAfterGc(operator);
    double rss = operator.rssMiB();
    memory.put(
        String.format("%,d resources", options.largest()),
        String.format("| %.0f | %.1f | %.0f |", rss, heap, operator.peakRssMiB()));
    cluster.freshNamespace(noise, false);
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < options.noiseSecrets(); i++) {
      secrets.add(
          new SecretBuilder()
              .withNewMetadata()
              .withName("noise-" + i)
              .withNamespace(noise)
              .endMetadata()
              .withType("Opaque")
              .withStringData(Map.of("value", "x".repeat(64) + i))
              .build());
    }
    long t = System.nanoTime();
    cluster.createSecrets(secrets);
    log("  %,d Secrets created in %.1f s", secrets.size(), (System.nanoTime() - t) / 1e9);
    OperatorJvm.sleep(15_000);
    double heapAfter = heapAfterGc(operator);
    double rssAfter = operator.rssMiB();
    memory.put(
        String.format("%,d resources + %,d unrelated Secrets", options.largest(), secrets.size()),
        String.format("| %.0f | %.1f | %.0f |", rssAfter, heapAfter, operator.peakRssMiB()));
    log("  %s", memory);
    cluster.deleteNamespace(noise);
  }

  /** The median of three full collections, two seconds apart. */
  static double heapAfterGc(OperatorJvm operator) {
    double[] samples = new double[3];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = operator.heapAfterGcMiB();
      OperatorJvm.sleep(2000);
    }
    Arrays.sort(samples);
    return samples[1];
  }

  // ---------------------------------------------------------------- rate limit ----

  private final Map<String, String> limited = new LinkedHashMap<>();

  private void rateLimited() {
    int n = options.rateLimitResources();
    String ns = "bench-ratelimit";
    log(
        "rate limit: sandbox %.0f rps, operator budget %.0f rps, %d resources",
        options.rateLimitRps(), options.rateLimitBudget(), n);
    try (OperatorJvm operator = startOperator(options.rateLimitBudget(), 8)) {
      // Resources others left in the cluster are verified once at start-up: not in the figures.
      OperatorJvm.sleep(5000);
      graph.reset();
      graph.setRateLimit(options.rateLimitRps());
      cluster.freshNamespace(ns, true);
      round++;
      List<FlowsEncryptionKey> resources = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<String> numbers = new ArrayList<>();
        for (int k = 0; k < options.numbersPerResource(); k++) {
          numbers.add(phoneNumber(round, i, k));
        }
        resources.add(BenchCluster.resource(ns, "r" + i, numbers));
      }
      long start;
      long end;
      try (ReadyWatch ready = new ReadyWatch(cluster.client(), ns)) {
        start = System.nanoTime();
        cluster.createResources(resources);
        end = ready.awaitAll(n, Duration.ofMinutes(20));
      }
      Instant first = graph.firstRateLimited().orElse(null);
      List<SecondCount> timeline = graph.timeline();
      Files.writeString(
          OUT.resolve("ratelimit-timeline.csv"),
          "epoch_second,requests,rate_limited\n"
              + String.join(
                  "\n",
                  timeline.stream()
                      .map(s -> s.epochSecond() + "," + s.requests() + "," + s.rateLimited())
                      .toList())
              + "\n");
      int calls = timeline.stream().mapToInt(SecondCount::requests).sum();
      int refused = graph.rateLimitedCount();
      String after = "no 429 at all";
      if (first != null) {
        // Whole seconds after the one of the first 429, up to the last second with a call.
        List<SecondCount> later =
            timeline.stream().filter(s -> s.epochSecond() > first.getEpochSecond()).toList();
        int max = later.stream().mapToInt(SecondCount::requests).max().orElse(0);
        int maxAccepted =
            later.stream().mapToInt(s -> s.requests() - s.rateLimited()).max().orElse(0);
        int laterCalls = later.stream().mapToInt(SecondCount::requests).sum();
        int laterRefused = later.stream().mapToInt(SecondCount::rateLimited).sum();
        after =
            String.format(
                "max %d calls in a second (max %d accepted), mean %.1f calls/s over %d s;"
                    + " %d of %d refused (%.0f%%)",
                max,
                maxAccepted,
                laterCalls / (double) Math.max(1, later.size()),
                later.size(),
                laterRefused,
                laterCalls,
                100.0 * laterRefused / Math.max(1, laterCalls));
      }
      limited.put(
          "setup",
          String.format(
              "sandbox limit %.0f calls/s (burst %.0f), operator budget %.0f calls/s and 8 in"
                  + " flight, %d resources x %d numbers (%d calls needed)",
              options.rateLimitRps(),
              options.rateLimitRps(),
              options.rateLimitBudget(),
              n,
              options.numbersPerResource(),
              n * options.numbersPerResource() * 3));
      limited.put(
          "all Ready in",
          String.format(
              "%.1f s (needed calls / limit = %.1f s)",
              (end - start) / 1e9, n * options.numbersPerResource() * 3 / options.rateLimitRps()));
      limited.put(
          "calls", String.format("%d sent, %d refused with 429 / code 80007", calls, refused));
      limited.put("after the first 429", after);
      log("  %s", limited);
      cluster.deleteNamespace(ns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      graph.removeRateLimit();
    }
  }

  // ---------------------------------------------------------------- manual ----

  private final Map<Integer, Double> manual = new LinkedHashMap<>();

  private void manualBaseline() throws IOException, InterruptedException {
    graph.reset();
    for (int n : options.manualSizes()) {
      log("manual baseline: %d resources", n);
      ProcessBuilder pb =
          new ProcessBuilder(
                  "hack/manual-baseline.sh",
                  String.valueOf(n),
                  String.valueOf(options.numbersPerResource()))
              .redirectErrorStream(true);
      pb.environment().put("GRAPH_BASE_URL", graph.baseUrl());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("manual baseline failed: " + out);
      }
      String seconds = out.replaceAll("(?s).*seconds=([0-9.]+).*", "$1");
      manual.put(n, Double.parseDouble(seconds));
      log("  %s", out.trim());
    }
  }

  private OperatorJvm startOperator(double rps, int concurrency) {
    return OperatorJvm.start(
        OperatorJvm.JAR,
        BenchCluster.STATE.resolve("operator.kubeconfig"),
        graph.baseUrl(),
        rps,
        concurrency,
        OUT.resolve("operator.log"),
        extraJvmFlags());
  }

  private int operatorStarts;

  /** With --jfr, a flight recording per operator start: operator-1.jfr, operator-2.jfr, ... */
  private List<String> extraJvmFlags() {
    operatorStarts++;
    if (!options.jfr()) {
      return List.of();
    }
    Path file = OUT.resolve("operator-" + operatorStarts + ".jfr");
    log("flight recording of operator start %d: %s", operatorStarts, file);
    return List.of(OperatorJvm.flightRecording(file));
  }

  // ---------------------------------------------------------------- report ----

  private void print() throws IOException {
    String skipped = options.convergenceOnly() ? "--convergence-only" : "";
    double latencyMs = options.latency().toMillis();
    out("### Benchmark results, %s", LocalDate.now());
    out("");
    out(
        "Machine: %d cores, shared local kube-apiserver v1.20 + etcd; Graph sandbox latency %.0f"
            + " ms per call; operator budget %.0f calls/s and %d in flight (raised from 20 and 8),"
            + " 50 reconcile threads, JVM %s, MALLOC_ARENA_MAX=2.",
        cores,
        latencyMs,
        options.requestsPerSecond(),
        options.maxConcurrent(),
        String.join(" ", OperatorJvm.JVM_FLAGS));
    out(
        "RSA-2048 generation: mean %.0f ms, median %.0f ms (%d samples, one thread).",
        keygenMeanSeconds * 1000, keygenMedianSeconds * 1000, KEY_SAMPLES);
    out("");
    out(
        "**Convergence** (time from the first create until every resource is Ready; 3 numbers"
            + " per resource, numbers new to Graph):");
    out("");
    out(
        "| N | keys | numbers | Graph calls | measured s | lower bound s | measured / bound |"
            + " bound with the API server's CPU s | measured / that |");
    out("|---:|---|---:|---|---:|---:|---:|---:|---:|");
    rows.forEach(r -> out("%s", r));
    out("");
    apiCost.table().forEach(l -> out("%s", l));
    out("");
    out(
        "**Kubernetes API requests per resource** while converging (the operator's own"
            + " `flows_kubernetes_requests_total`, from the first create until 3 s after the last"
            + " resource was Ready; watches and the lease included):");
    out("");
    out("| N | keys | requests per resource, by verb and resource |");
    out("|---:|---|---|");
    requestRows.forEach(r -> out("%s", r));
    out("");
    out(
        "**Manual baseline** (hack/manual-baseline.sh: openssl genrsa + rsa -pubout, then curl"
            + " POST + GET per number, sequential, same sandbox and latency):");
    out("");
    ReportSections.manualBaseline(manual, emptyRoundSeconds, skipped).forEach(l -> out("%s", l));
    out("");
    out(
        "**Steady state** (%,d resources, %,d numbers, verifyInterval 1m, %d intervals):",
        options.largest(),
        options.largest() * options.numbersPerResource(),
        options.steadyIntervals());
    out("");
    List<String> steadyRows = SteadyWindow.rows(steady);
    ReportSections.tableOrNotRun(
            List.of("| measure | value | target |", "|---|---|---|"), steadyRows, skipped)
        .forEach(l -> out("%s", l));
    out("");
    out(
        "**Memory** (operator JVM, fleet idle between verifications; peak = highest RSS since"
            + " the operator started, during the convergence rounds):");
    out("");
    ReportSections.tableOrNotRun(
            List.of(
                "| cluster holds | RSS MiB | heap after full GC MiB | peak RSS MiB |",
                "|---|---:|---:|---:|"),
            memory.entrySet().stream().map(e -> "| " + e.getKey() + " " + e.getValue()).toList(),
            skipped)
        .forEach(l -> out("%s", l));
    out("");
    out("**Rate limiting:**");
    out("");
    ReportSections.tableOrNotRun(
            List.of("| | |", "|---|---|"),
            limited.entrySet().stream()
                .map(e -> "| " + e.getKey() + " | " + e.getValue() + " |")
                .toList(),
            skipped)
        .forEach(l -> out("%s", l));
    out("");
    if (restart != null) {
      restart.table().forEach(l -> out("%s", l));
    } else {
      out("**Restart burst:** %s", ReportSections.notRun(skipped));
    }
    out("");
    if (rotation != null) {
      rotation.table().forEach(l -> out("%s", l));
    } else {
      out("**Rotation:** %s", ReportSections.notRun(skipped));
    }
    Files.writeString(OUT.resolve("results.md"), report.toString());
    System.out.println();
    System.out.print(report);
  }

  private void out(String format, Object... args) {
    report.append(String.format(format, args)).append('\n');
  }

  private static void log(String format, Object... args) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    System.out.flush();
  }
}
