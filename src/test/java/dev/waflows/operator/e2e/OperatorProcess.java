package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.testing.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The operator as users run it: the packaged jar in its own JVM, with the ServiceAccount's
 * kubeconfig and RBAC (not an admin's), killed and restarted like a pod.
 */
final class OperatorProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target/flows-key-operator.jar");

  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;
  private int starts;

  OperatorProcess(String graphBaseUrl, boolean leaderElection, String logName) {
    this(graphBaseUrl, leaderElection, logName, Map.of());
  }

  /**
   * @param extraEnv further settings (e.g. a shard's selector and Lease), added to the defaults
   */
  OperatorProcess(
      String graphBaseUrl, boolean leaderElection, String logName, Map<String, String> extraEnv) {
    assertThat(JAR).as("packaged jar (mvn package)").exists();
    this.port = FreePort.pick();
    this.log = Path.of("target", logName + ".log");
    try {
      // One log per run, across the restarts of this run.
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults =
        Map.of(
            "KUBECONFIG",
            ControlPlane.OPERATOR.toString(),
            "GRAPH_BASE_URL",
            graphBaseUrl,
            "HTTP_PORT",
            String.valueOf(port),
            "LEADER_ELECTION",
            String.valueOf(leaderElection),
            "POD_NAMESPACE",
            "flows-system",
            "GRAPH_REQUESTS_PER_SECOND",
            "100",
            // Plain /metrics on the probe port, which metrics() reads; MetricsAuthIT turns the
            // secure default back on, on a port of its own.
            "METRICS_SECURE",
            "false",
            "METRICS_PORT",
            "0");
    this.env = new HashMap<>(defaults);
    this.env.putAll(extraEnv);
  }

  /** Starts the JVM and waits until /readyz answers 200. */
  OperatorProcess start() {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", JAR.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(env);
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      process = pb.start();
      starts++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Awaitility.await("operator ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(process.isAlive()).as("operator exited; see " + log).isTrue();
              return ready();
            });
    return this;
  }

  /** SIGKILL: no shutdown hook, no cleanup, as when a node dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, the way Kubernetes stops a pod. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(40, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return process.exitValue();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plain port of /healthz and /readyz. */
  int probePort() {
    return port;
  }

  int starts() {
    return starts;
  }

  /** The Prometheus text this process serves at /metrics. */
  String metrics() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("/metrics of " + log).isEqualTo(200);
    return r.body();
  }

  private boolean ready() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
  }
}
