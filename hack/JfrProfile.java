import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a flight recording's CPU went, from its jdk.ExecutionSample events (Java code only; the
 * JIT and GC threads show in /proc, see CpuSnapshot in the benchmark). JDK 17 has no `jfr view`.
 *
 * <pre>java hack/JfrProfile.java target/bench/operator-1.jfr [top=25] [from-s] [to-s]</pre>
 *
 * Prints samples per category (first matching rule over the whole stack), per thread group, top
 * self methods, inclusive samples per package and per operator method, and the top stacks.
 */
public class JfrProfile {

  /**
   * Categories. A sample goes to the category of the innermost frame that matches a rule (rules of
   * one frame in this order): the most specific component on the stack, so that a status patch's
   * JSON counts as JSON while the reconcile that made it is further out.
   */
  static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

  static {
    CATEGORIES.put(
        "key generation",
        List.of("sun.security.rsa.RSAKeyPairGenerator", "dev.waflows.operator.keys.RsaKeyGenerator"));
    CATEGORIES.put(
        "key writing (PEM, PKCS#8)", List.of("dev.waflows.operator.keys.KeySecretWriter"));
    CATEGORIES.put("key reading (PEM, checks, fingerprint)", List.of("dev.waflows.operator.keys."));
    CATEGORIES.put(
        "logging", List.of("org.apache.logging.", "ch.qos.logback.", "org.slf4j.", "java.util.logging."));
    CATEGORIES.put("operator metrics", List.of("dev.waflows.operator.metrics."));
    CATEGORIES.put("Micrometer", List.of("io.micrometer.", "io.prometheus."));
    CATEGORIES.put("JSON (Jackson)", List.of("com.fasterxml.jackson.", "io.fabric8.zjsonpatch."));
    CATEGORIES.put("TLS", List.of("sun.security.ssl.", "com.sun.crypto.provider."));
    CATEGORIES.put(
        "HTTP clients (JDK, OkHttp)",
        List.of("okhttp3.", "okio.", "jdk.internal.net.http.", "io.fabric8.kubernetes.client.http.", "io.fabric8.kubernetes.client.jdkhttp."));
    CATEGORIES.put("status computation", List.of("dev.waflows.operator.reconciler.status."));
    CATEGORIES.put("Graph client", List.of("dev.waflows.operator.graph."));
    CATEGORIES.put("other operator code", List.of("dev.waflows."));
    CATEGORIES.put("Fabric8 (client, informers, model)", List.of("io.fabric8."));
    CATEGORIES.put("JOSDK", List.of("io.javaoperatorsdk."));
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    double from = args.length > 2 ? Double.parseDouble(args[2]) : 0;
    double to = args.length > 3 ? Double.parseDouble(args[3]) : Double.MAX_VALUE;
    Map<String, Integer> category = new LinkedHashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    Map<String, Integer> ours = new HashMap<>();
    Map<String, Integer> stacks = new HashMap<>();
    Map<String, Map<String, Integer>> selfByCategory = new HashMap<>();
    Map<Long, Map<String, Integer>> timeline = new java.util.TreeMap<>();
    int total = 0;
    Long first = null;
    List<RecordedEvent> events = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
        events.add(e);
      }
    }
    events.sort(Comparator.comparing(RecordedEvent::getStartTime));
    for (RecordedEvent e : events) {
      long t = e.getStartTime().toEpochMilli();
      if (first == null) {
        first = t;
      }
      double at = (t - first) / 1000.0;
      if (at < from || at > to) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null) {
        continue;
      }
      total++;
      String thread = e.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "#"), 1, Integer::sum);
      List<RecordedFrame> frames = st.getFrames();
      List<String> names = new ArrayList<>();
      for (RecordedFrame f : frames) {
        names.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
      }
      String cat = "other (JDK, threads)";
      outer:
      for (String n : names) {
        for (var c : CATEGORIES.entrySet()) {
          for (String prefix : c.getValue()) {
            if (n.startsWith(prefix)) {
              cat = c.getKey();
              break outer;
            }
          }
        }
      }
      category.merge(cat, 1, Integer::sum);
      timeline
          .computeIfAbsent((long) (at / 10) * 10, k -> new HashMap<>())
          .merge(cat, 1, Integer::sum);
      if (!names.isEmpty()) {
        self.merge(names.get(0), 1, Integer::sum);
        selfByCategory.computeIfAbsent(cat, k -> new HashMap<>()).merge(names.get(0), 1, Integer::sum);
      }
      Set<String> pk = new LinkedHashSet<>();
      Set<String> om = new LinkedHashSet<>();
      for (String n : names) {
        String cls = n.substring(0, n.lastIndexOf('.'));
        int dot = cls.lastIndexOf('.');
        pk.add(dot < 0 ? cls : cls.substring(0, dot));
        if (n.startsWith("dev.waflows.")) {
          om.add(n.substring("dev.waflows.operator.".length()));
        }
      }
      pk.forEach(p -> packages.merge(p, 1, Integer::sum));
      om.forEach(m -> ours.merge(m, 1, Integer::sum));
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < Math.min(12, names.size()); i++) {
        key.append("\n      ").append(names.get(i));
      }
      stacks.merge(key.toString(), 1, Integer::sum);
    }
    System.out.printf("%s: %d execution samples%n", file, total);
    print("categories (innermost frame that matches a rule)", category, total, 50);
    System.out.printf("%n== timeline (seconds after the first sample: samples, top categories)%n");
    timeline.forEach(
        (t, cats) -> {
          StringBuilder line = new StringBuilder(String.format("%5d s %5d ", t, cats.values().stream().mapToInt(Integer::intValue).sum()));
          cats.entrySet().stream()
              .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
              .limit(3)
              .forEach(c -> line.append(" ").append(c.getKey()).append(" ").append(c.getValue()).append(";"));
          System.out.println(line);
        });
    print("thread groups", threads, total, top);
    print("top self methods", self, total, top);
    for (var c : selfByCategory.entrySet()) {
      print("top self methods in " + c.getKey(), c.getValue(), total, 8);
    }
    print("packages (inclusive)", packages, total, top);
    print("operator methods (inclusive)", ours, total, top);
    print("top stacks (12 frames)", stacks, total, Math.min(top, 15));
  }

  static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.printf("%n== %s%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e -> System.out.printf("%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / total, e.getKey()));
  }
}
