package dev.waflows.operator.bench;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.keys.KeySecretEntries;
import dev.waflows.sandbox.GraphSandbox;
import dev.waflows.sandbox.StoredKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The rotation round: a fleet that is all Ready with keys the operator generated is annotated for
 * rotation all at once; measured until every resource echoes the annotation in {@code
 * status.lastHandledRotateAt}, and on until every old key is dropped ({@code keepPreviousFor}), so
 * the Kubernetes writes of the whole rotation are counted. Meanwhile a {@link KeyLedger} samples
 * the key Graph holds for every number against the keys the Secret holds at that moment.
 */
final class RotationRound {

  static final String NAMESPACE = "bench-rotation";
  static final Duration REGISTER_AFTER = Duration.ofSeconds(10);
  static final Duration KEEP_PREVIOUS_FOR = Duration.ofSeconds(30);
  private static final long SAMPLE_EVERY_MILLIS = 250;

  private final BenchOptions options;
  private final BenchCluster cluster;
  private final GraphSandbox graph;
  private final Supplier<OperatorJvm> operator;
  private final double keygenMeanSeconds;

  /** What the API server and etcd spend per write (NaN when not measured). */
  private final double controlPlaneSecondsPerWrite;

  /**
   * The writes a rotation needs before every number holds the new key: the key Secret's update, the
   * status saying it is under way and the one saying it is registered, their two Events.
   */
  private static final int WRITES_UNTIL_REGISTERED = 5;

  private final int cores = Runtime.getRuntime().availableProcessors();
  private final Map<String, String> results = new LinkedHashMap<>();

  // When the first POST of the rotation reached Graph, and when the last new pair reached its
  // Secret (System.nanoTime; 0 until seen): registrations overlap key generation when first < last.
  private final AtomicLong firstPost = new AtomicLong();
  private final AtomicLong lastNewPair = new AtomicLong();

  /**
   * @param operator starts this tree's operator with the benchmark's budget
   * @param keygenMeanSeconds mean time to generate one key on one core, measured beforehand
   */
  RotationRound(
      BenchOptions options,
      BenchCluster cluster,
      GraphSandbox graph,
      Supplier<OperatorJvm> operator,
      double keygenMeanSeconds,
      double controlPlaneSecondsPerWrite) {
    this.options = options;
    this.cluster = cluster;
    this.graph = graph;
    this.operator = operator;
    this.keygenMeanSeconds = keygenMeanSeconds;
    this.controlPlaneSecondsPerWrite = controlPlaneSecondsPerWrite;
  }

  /**
   * Runs the round.
   *
   * @param numbersOf the phone numbers of resource i, new to Graph
   */
  void run(IntFunction<List<String>> numbersOf) {
    int n = options.rotationResources();
    log(
        "rotation: %,d resources, registerAfter %d s, keepPreviousFor %d s",
        n, REGISTER_AFTER.toSeconds(), KEEP_PREVIOUS_FOR.toSeconds());
    cluster.freshNamespace(NAMESPACE, true);
    List<FlowsEncryptionKey> resources = new ArrayList<>();
    Map<String, String> resourceOf = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      FlowsEncryptionKey r = BenchCluster.resource(NAMESPACE, "r" + i, numbersOf.apply(i));
      r.getSpec()
          .setRotation(
              new RotationSpec(
                  null, REGISTER_AFTER.toSeconds() + "s", KEEP_PREVIOUS_FOR.toSeconds() + "s"));
      resources.add(r);
      r.getSpec().getPhoneNumberIds().forEach(id -> resourceOf.put(id, r.getMetadata().getName()));
    }
    List<String> ids = new ArrayList<>(resourceOf.keySet());
    KeyLedger ledger = new KeyLedger();
    try (OperatorJvm op = operator.get()) {
      try (ReadyWatch ready = new ReadyWatch(cluster.client(), NAMESPACE)) {
        long t = System.nanoTime();
        cluster.createResources(resources);
        ready.awaitAll(n, Duration.ofMinutes(20));
        log("  fleet Ready with generated keys in %.1f s", (System.nanoTime() - t) / 1e9);
      }
      // Let the last status writes of the creation land before counting.
      OperatorJvm.sleep(5000);
      int[] postsBefore = ids.stream().mapToInt(graph::postCount).toArray();
      int[] getsBefore = ids.stream().mapToInt(graph::getCount).toArray();
      String value = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      AtomicBoolean sampling = new AtomicBoolean(true);
      long start;
      long annotated;
      KubernetesRequestCounts requestsBefore;
      long rotated;
      long settled;
      CoreShares coreShares;
      try (SharedIndexInformer<Secret> secrets = watchKeySecrets(ledger);
          WriteWatch writes = new WriteWatch(cluster.client(), NAMESPACE);
          ReadyWatch handled = new ReadyWatch(cluster.client(), NAMESPACE, rotated(value));
          ReadyWatch dropped = new ReadyWatch(cluster.client(), NAMESPACE, oldKeyDropped(value))) {
        Thread sampler =
            new Thread(
                () -> sample(ledger, ids, resourceOf, postsBefore, sampling), "rotation-client");
        sampler.setDaemon(true);
        sampler.start();
        requestsBefore = op.kubernetesRequests();
        start = System.nanoTime();
        cluster.annotateAll(NAMESPACE, Annotations.ROTATE_REQUESTED_AT, value);
        annotated = System.nanoTime();
        log("  annotated in %.1f s", (annotated - start) / 1e9);
        CoreShares coresBefore = CoreShares.of(op.pid());
        rotated = handled.awaitAll(n, Duration.ofMinutes(20));
        coreShares = CoreShares.of(op.pid()).since(coresBefore);
        log("  cores while rotating: %s", coreShares.describe());
        log("  all rotated in %.1f s", (rotated - start) / 1e9);
        settled = dropped.awaitAll(n, KEEP_PREVIOUS_FOR.plus(Duration.ofMinutes(10)));
        log("  all old keys dropped %.1f s after the annotation", (settled - start) / 1e9);
        // Let the last writes reach the watch.
        OperatorJvm.sleep(3000);
        sampling.set(false);
        join(sampler);
        // The last word: every number holds, at Graph, the key its Secret now holds as current.
        int wrongAtEnd = 0;
        for (String id : ids) {
          String current = currentPublicPem(resourceOf.get(id));
          String atGraph = graph.storedKey(id).map(StoredKey::pem).orElse(null);
          if (atGraph == null || !atGraph.replaceAll("\\s", "").equals(current)) {
            wrongAtEnd++;
          }
        }
        KubernetesRequestCounts requests = op.kubernetesRequests().since(requestsBefore);
        record(
            n,
            ids,
            postsBefore,
            getsBefore,
            writes,
            requests,
            ledger,
            wrongAtEnd,
            coreShares,
            new long[] {start, annotated, rotated, settled});
      }
    }
    cluster.deleteNamespace(NAMESPACE);
  }

  private void record(
      int n,
      List<String> ids,
      int[] postsBefore,
      int[] getsBefore,
      WriteWatch writes,
      KubernetesRequestCounts requests,
      KeyLedger ledger,
      int wrongAtEnd,
      CoreShares coresUsed,
      long[] times) {
    long start = times[0];
    long annotated = times[1];
    long rotated = times[2];
    long settled = times[3];
    int[] posts = new int[ids.size()];
    int gets = 0;
    for (int i = 0; i < ids.size(); i++) {
      posts[i] = graph.postCount(ids.get(i)) - postsBefore[i];
      gets += graph.getCount(ids.get(i)) - getsBefore[i];
    }
    int totalPosts = Arrays.stream(posts).sum();
    int minPosts = Arrays.stream(posts).min().orElse(0);
    int maxPosts = Arrays.stream(posts).max().orElse(0);
    int numbers = ids.size();
    // Graph holds the old key for every number, so each needs GET, POST, GET with the new one.
    double bound =
        LowerBound.seconds(
                keygenMeanSeconds,
                n,
                cores,
                numbers * 3,
                options.latency(),
                options.maxConcurrent(),
                options.requestsPerSecond())
            + REGISTER_AFTER.toSeconds();
    // Timed from the last annotation: annotating N resources is the benchmark's work, not the
    // operator's (which starts on the first ones meanwhile, so this flatters it by at most that).
    double seconds = (rotated - annotated) / 1e9;
    Map<String, Long> counts = writes.counts();
    long secretWrites = counts.getOrDefault("Secret MODIFIED", 0L);
    // The benchmark's own annotation is one MODIFIED per resource; the rest is the operator's.
    long fekWrites = counts.getOrDefault("FlowsEncryptionKey MODIFIED", 0L) - n;
    long events =
        counts.getOrDefault("Event ADDED", 0L) + counts.getOrDefault("Event MODIFIED", 0L);
    results.put(
        "time from the last annotation until every resource has lastHandledRotateAt",
        String.format("%.1f s (lower bound %.1f s: %.2f×)", seconds, bound, seconds / bound));
    if (!Double.isNaN(controlPlaneSecondsPerWrite)) {
      double withControlPlane =
          LowerBound.secondsWithControlPlane(
                  keygenMeanSeconds,
                  n,
                  controlPlaneSecondsPerWrite * WRITES_UNTIL_REGISTERED * n,
                  cores,
                  numbers * 3,
                  options.latency(),
                  options.maxConcurrent(),
                  options.requestsPerSecond())
              + REGISTER_AFTER.toSeconds();
      results.put(
          "the same against a bound with the API server's CPU",
          String.format(
              "lower bound %.1f s: %.2f× (%d writes per resource)",
              withControlPlane, seconds / withControlPlane, WRITES_UNTIL_REGISTERED));
    } else {
      results.put("the same against a bound with the API server's CPU", "not run");
    }
    double theirs = coresUsed.secondsTakenFromOperator(cores);
    results.put(
        "where the cores went, last annotation until all rotated",
        String.format(
            "%s; with the others' share taken out (%.1f s of the %d cores) %.1f s: %.2f× the"
                + " bound",
            coresUsed.describe(), theirs, cores, seconds - theirs, (seconds - theirs) / bound));
    results.put(
        "first number registered with its new key / last new pair written, after the last"
            + " annotation",
        String.format(
            "%.1f s / %.1f s",
            (firstPost.get() - annotated) / 1e9, (lastNewPair.get() - annotated) / 1e9));
    results.put(
        "the same from the first annotation",
        String.format(
            "%.1f s (annotating took %.1f s)", (rotated - start) / 1e9, (annotated - start) / 1e9));
    results.put(
        "time until every old key is dropped",
        String.format(
            "%.1f s (keepPreviousFor %d s after the last registration)",
            (settled - start) / 1e9, KEEP_PREVIOUS_FOR.toSeconds()));
    results.put(
        "Graph POSTs per number",
        String.format(
            "%.2f (%,d POSTs for %,d numbers; per number %d to %d); %,d GETs",
            totalPosts / (double) numbers, totalPosts, numbers, minPosts, maxPosts, gets));
    results.put(
        "Secret writes per resource",
        String.format("%.2f (%,d)", secretWrites / (double) n, secretWrites));
    results.put(
        "FlowsEncryptionKey writes per resource (status; the annotation not counted)",
        String.format("%.2f (%,d)", fekWrites / (double) n, fekWrites));
    results.put("Events per resource", String.format("%.2f (%,d)", events / (double) n, events));
    results.put(
        "Kubernetes API requests per resource (the operator's own count)", requests.perResource(n));
    results.put("all writes seen (watch)", counts.toString());
    results.put(
        "client failures",
        String.format(
            "%d (Graph held a key the Secret did not, %,d samples every %d ms); %d numbers not"
                + " on the Secret's current key at the end",
            ledger.failures(), ledger.samples(), SAMPLE_EVERY_MILLIS, wrongAtEnd));
    log("  %s", results);
  }

  /** Keeps the ledger up to date with every version of the key Secrets. */
  private SharedIndexInformer<Secret> watchKeySecrets(KeyLedger ledger) {
    return cluster
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Secret s) {
                note(s);
              }

              @Override
              public void onUpdate(Secret old, Secret s) {
                if (holdsPrevious(s) && !holdsPrevious(old)) {
                  lastNewPair.accumulateAndGet(System.nanoTime(), Math::max);
                }
                note(s);
              }

              private static boolean holdsPrevious(Secret s) {
                return s.getData() != null
                    && s.getData().containsKey(KeySecretEntries.PREVIOUS_PUBLIC);
              }

              @Override
              public void onDelete(Secret s, boolean unknown) {
                // the namespace goes at the end of the round
              }

              private void note(Secret s) {
                String name = s.getMetadata().getName();
                if (!name.endsWith("-key") || s.getData() == null) {
                  return;
                }
                List<String> keys = new ArrayList<>();
                for (String entry :
                    List.of(KeySecretEntries.PUBLIC_PEM, KeySecretEntries.PREVIOUS_PUBLIC)) {
                  String b64 = s.getData().get(entry);
                  if (b64 != null) {
                    keys.add(decode(b64));
                  }
                }
                ledger.secretHolds(name.substring(0, name.length() - "-key".length()), keys);
              }
            });
  }

  private void sample(
      KeyLedger ledger,
      List<String> ids,
      Map<String, String> resourceOf,
      int[] postsBefore,
      AtomicBoolean running) {
    while (running.get()) {
      boolean posted = false;
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        ledger.sample(resourceOf.get(id), id, graph.storedKey(id).map(StoredKey::pem).orElse(null));
        posted |= graph.postCount(id) > postsBefore[i];
      }
      if (posted) {
        firstPost.compareAndSet(0, System.nanoTime());
      }
      OperatorJvm.sleep(SAMPLE_EVERY_MILLIS);
    }
  }

  private String currentPublicPem(String resource) {
    Secret s =
        cluster
            .client()
            .secrets()
            .inNamespace(NAMESPACE)
            .withName(BenchCluster.keySecretName(resource))
            .get();
    String b64 = Objects.requireNonNull(s.getData().get(KeySecretEntries.PUBLIC_PEM));
    return decode(b64).replaceAll("\\s", "");
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The round's table, in Markdown. */
  List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "**Rotation** (%,d resources × %d numbers, all Ready with keys the operator generated,"
                + " annotated `%s` at once; registerAfter %d s, keepPreviousFor %d s; lower bound"
                + " = max(key generation on %d cores, GET + POST + GET per number at the budget)"
                + " + one number's chain + registerAfter):",
            options.rotationResources(),
            options.numbersPerResource(),
            Annotations.ROTATE_REQUESTED_AT,
            REGISTER_AFTER.toSeconds(),
            KEEP_PREVIOUS_FOR.toSeconds(),
            cores));
    lines.add("");
    lines.add("| measure | value | expected |");
    lines.add("|---|---|---|");
    for (var e : results.entrySet()) {
      lines.add(
          String.format(
              "| %s | %s | %s |",
              e.getKey(), e.getValue(), EXPECTED.getOrDefault(e.getKey(), "-")));
    }
    return lines;
  }

  /** What each measure should be, by its name in the table. */
  private static final Map<String, String> EXPECTED =
      Map.of(
          "time from the last annotation until every resource has lastHandledRotateAt",
          "≤ 1.5× the bound",
          "Graph POSTs per number",
          "1 POST, 2 GETs",
          "Secret writes per resource",
          "2",
          "client failures",
          "0");

  /** A resource that has answered the rotation request {@code value}. */
  static Predicate<FlowsEncryptionKey> rotated(String value) {
    return r -> r.getStatus() != null && value.equals(r.getStatus().getLastHandledRotateAt());
  }

  /** A resource that has answered the rotation request {@code value} and dropped its old key. */
  static Predicate<FlowsEncryptionKey> oldKeyDropped(String value) {
    return rotated(value).and(r -> r.getStatus().getPreviousKeyFingerprint() == null);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    System.out.flush();
  }
}
