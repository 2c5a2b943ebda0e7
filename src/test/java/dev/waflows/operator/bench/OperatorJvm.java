package dev.waflows.operator.bench;

import dev.waflows.operator.testing.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The packaged operator in its own JVM, with the ServiceAccount's kubeconfig and the JVM settings
 * of deploy/ under its 384Mi limit; and what /proc and jcmd tell about it.
 */
final class OperatorJvm implements AutoCloseable {

  /**
   * The JVM the pod runs: JAVA_TOOL_OPTIONS read from deploy/base/deployment.yaml (so the two
   * cannot drift), its 384Mi memory limit as MaxRAM, and the serial collector, which the JVM picks
   * by itself under 1792 MB. The Deployment's MALLOC_ARENA_MAX=2 is set in the environment.
   */
  static final List<String> JVM_FLAGS = deploymentJvmFlags();

  private static List<String> deploymentJvmFlags() {
    try {
      io.fabric8.kubernetes.api.model.apps.Deployment d =
          io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
              Files.readString(Path.of("deploy/base/deployment.yaml")),
              io.fabric8.kubernetes.api.model.apps.Deployment.class);
      var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      String options =
          container.getEnv().stream()
              .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
              .findFirst()
              .orElseThrow()
              .getValue();
      String limit = container.getResources().getLimits().get("memory").toString();
      List<String> flags = new java.util.ArrayList<>();
      flags.add("-XX:MaxRAM=" + limit.replace("Mi", "m"));
      flags.add("-XX:+UseSerialGC");
      for (String f : options.trim().split("\\s+")) {
        if (!f.startsWith("-Djava.io.tmpdir")) {
          flags.add(f);
        }
      }
      return List.copyOf(flags);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The operator this tree packages. */
  static final Path JAR = Path.of("target/flows-key-operator.jar");

  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final long CLOCK_TICKS = 100;

  private final Process process;
  private final int port;

  private OperatorJvm(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * The flag that records the JVM with JDK Flight Recorder ({@code profile} settings: method
   * samples every 10 ms, allocations, locks) and writes {@code file} when the JVM exits.
   */
  static String flightRecording(Path file) {
    return "-XX:StartFlightRecording=filename="
        + file.toAbsolutePath()
        + ",settings=profile,dumponexit=true";
  }

  /**
   * Starts {@code jar} (this tree's or an earlier commit's) with the Deployment's JVM flags plus
   * {@code extraFlags}, and waits until it is ready.
   */
  static OperatorJvm start(
      Path jar,
      Path kubeconfig,
      String graphBaseUrl,
      double rps,
      int concurrency,
      Path log,
      List<String> extraFlags) {
    int port = FreePort.pick();
    try {
      Files.createDirectories(log.getParent());
      List<String> cmd = new java.util.ArrayList<>(List.of("java"));
      cmd.addAll(JVM_FLAGS);
      cmd.addAll(extraFlags);
      cmd.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      pb.environment()
          .putAll(
              Map.of(
                  "KUBECONFIG",
                  kubeconfig.toString(),
                  "GRAPH_BASE_URL",
                  graphBaseUrl,
                  "HTTP_PORT",
                  String.valueOf(port),
                  "LEADER_ELECTION",
                  "false",
                  "POD_NAMESPACE",
                  "flows-system",
                  "GRAPH_REQUESTS_PER_SECOND",
                  String.valueOf(rps),
                  "GRAPH_MAX_CONCURRENT_REQUESTS",
                  String.valueOf(concurrency),
                  "MALLOC_ARENA_MAX",
                  "2"));
      // Plain metrics on the probe port, read by the benchmark without a token.
      pb.environment().put("METRICS_SECURE", "false");
      pb.environment().put("METRICS_PORT", "0");
      // Another benchmark on the same control plane: each operator keeps to its own namespaces.
      String watch = System.getenv("BENCH_WATCH_NAMESPACES");
      if (watch != null && !watch.isBlank()) {
        pb.environment().put("WATCH_NAMESPACES", watch);
      }
      OperatorJvm jvm = new OperatorJvm(pb.start(), port);
      jvm.awaitReady(log);
      return jvm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** False once the JVM has exited (with -XX:+ExitOnOutOfMemoryError: out of heap). */
  boolean isAlive() {
    return process.isAlive();
  }

  /** The first {@code lines} lines of jcmd GC.class_histogram (a full GC first: live objects). */
  String classHistogram(int lines) {
    return jcmd("GC.class_histogram").lines().limit(lines).collect(Collectors.joining("\n"));
  }

  /** User plus system CPU time of the whole JVM so far. */
  double cpuSeconds() {
    String stat = read(Path.of("/proc", String.valueOf(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is f[0]: utime is field 14, stime field 15.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
  }

  double rssMiB() {
    return statusMiB("VmRSS:");
  }

  /** The highest RSS since the start. */
  double peakRssMiB() {
    return statusMiB("VmHWM:");
  }

  private double statusMiB(String field) {
    for (String line : read(Path.of("/proc", String.valueOf(pid()), "status")).split("\n")) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no " + field + " for " + pid());
  }

  /** The operator's own count of its Kubernetes API requests so far. */
  KubernetesRequestCounts kubernetesRequests() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return KubernetesRequestCounts.parse(r.statusCode() == 200 ? r.body() : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Heap in use right after a full collection (jcmd GC.run, then GC.heap_info). */
  double heapAfterGcMiB() {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    long usedK = 0;
    Matcher m = USED.matcher(info);
    while (m.find()) {
      usedK += Long.parseLong(m.group(1));
    }
    return usedK / 1024.0;
  }

  /** jcmd VM.native_memory summary: needs -XX:NativeMemoryTracking=summary at the start. */
  String nativeMemorySummary() {
    return jcmd("VM.native_memory summary");
  }

  private String jcmd(String command) {
    try {
      Process p = new ProcessBuilder("jcmd", String.valueOf(pid()), command).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Path log) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new IllegalStateException("the operator was not ready within 90 s; see " + log);
  }

  /** SIGTERM (which also writes a flight recording), then SIGKILL after 40 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
