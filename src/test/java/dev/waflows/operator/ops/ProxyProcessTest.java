package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.config.ConfigOption;
import dev.waflows.operator.flows.FlowsCipher;
import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.flows.SealedRequest;
import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.proxy.FakeApp;
import dev.waflows.operator.proxy.ProxyConfig;
import dev.waflows.operator.testing.FreePort;
import dev.waflows.operator.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy} as the container runs it: options, exit codes, SIGTERM with a request in flight.
 */
class ProxyProcessTest {

  private static final byte[] APP_SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern THREADS_STARTED =
      Pattern.compile("(?m)^jvm_threads_started_threads_total(?:\\{[^}]*\\})? (\\S+)$");

  @TempDir Path dir;

  @Test
  void helpPrintsEveryProxyOptionAndExitsZero(TestInfo test) throws Exception {
    ChildJvm c = ChildJvm.start(test, Map.of(), List.of(), "proxy", "--help");
    assertThat(c.waitFor(Duration.ofSeconds(20))).isEqualTo(0);
    for (ConfigOption o : ProxyConfig.ALL) {
      assertThat(c.output()).contains("--" + o.flag() + "=", o.env(), o.description());
    }
  }

  @Test
  void aBadValueIsNamedAndExitsTwo(TestInfo test) throws Exception {
    assertRefusedAtStart(
        test,
        "--upstream-timeout (PROXY_UPSTREAM_TIMEOUT) must be a duration above zero and at most"
            + " 10000ms, such as 8s or 500ms, got forever",
        "--app-secret-file=/x",
        "--upstream-timeout=forever");
  }

  @Test
  void anAppSecretFileThatIsNotThereIsNamedAndExitsTwo(TestInfo test) throws Exception {
    assertRefusedAtStart(
        test,
        "--app-secret-file (PROXY_APP_SECRET_FILE) names /etc/flows-app/app-secret-typo, which is"
            + " not a readable file",
        "--app-secret-file=/etc/flows-app/app-secret-typo");
  }

  /** The proxy with {@code flags} stops at once, exit status 2, saying only {@code why}. */
  private static void assertRefusedAtStart(TestInfo test, String why, String... flags)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("proxy"));
    args.addAll(List.of(flags));
    ChildJvm c =
        ChildJvm.start(
            test,
            Map.of("PROXY_UPSTREAM", "http://127.0.0.1:3000"),
            List.of(),
            args.toArray(String[]::new));
    assertThat(c.waitFor(Duration.ofSeconds(20))).isEqualTo(2);
    assertThat(c.output())
        .isEqualTo("flows-key-operator proxy: " + why + " (--help lists the options)\n");
  }

  @Test
  void sigtermLetsTheRequestInFlightFinishAndExitsZero(TestInfo test) throws Exception {
    try (FakeApp app = new FakeApp()) {
      int port = FreePort.pick();
      int managementPort = FreePort.pick();
      ChildJvm c = startProxy(test, app, port, managementPort, Map.of(), List.of());
      try {
        SealedRequest sealed = seal("{\"action\":\"data_exchange\",\"flow_token\":\"t-secret-1\"}");
        CompletableFuture<HttpResponse<String>> inFlight =
            CLIENT.sendAsync(signed(port, "/hang", sealed), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> !app.received().isEmpty());

        c.process().destroy(); // SIGTERM
        Thread.sleep(500);
        assertThat(c.process().isAlive()).as("waits for the request in flight").isTrue();
        app.release();

        HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new FlowsCipher().openResponse(answer.body(), sealed)).isNotEmpty();
        assertThat(c.waitFor(Duration.ofSeconds(15))).isEqualTo(0);
        assertThat(c.output())
            .contains("serving on port " + port, "shutting down", "stopped")
            .doesNotContain("t-secret-1", new String(APP_SECRET, StandardCharsets.UTF_8));
      } finally {
        c.process().destroyForcibly();
      }
    }
  }

  /**
   * On a node of 2 cores the common ForkJoinPool has one thread, and the JDK HttpClient that calls
   * the app then starts a new thread for every answer it completes. The example Deployment's JVM
   * options must prevent that.
   */
  @Test
  void withTheExamplesJvmOptionsOnTwoCoresNoThreadIsStartedPerForwardedRequest(TestInfo test)
      throws Exception {
    String options =
        EndpointExampleTest.proxyOf(EndpointExampleTest.deployment()).getEnv().stream()
            .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the example's proxy sets no JAVA_TOOL_OPTIONS"))
            .getValue();
    try (FakeApp app = new FakeApp()) {
      int port = FreePort.pick();
      int managementPort = FreePort.pick();
      ChildJvm c =
          startProxy(
              test,
              app,
              port,
              managementPort,
              Map.of("JAVA_TOOL_OPTIONS", options),
              List.of("-XX:ActiveProcessorCount=2"));
      try {
        forward(port, 20); // connections opened, pools filled
        double before = threadsStarted(managementPort);
        int requests = 100;
        forward(port, requests);
        double started = threadsStarted(managementPort) - before;

        assertThat(app.received()).hasSize(20 + requests);
        assertThat(started)
            .as("threads started while %d requests were forwarded", requests)
            .isLessThan(requests / 4.0);
      } finally {
        c.process().destroyForcibly();
      }
    }
  }

  /** The proxy in its own JVM in front of {@code app}, ready. */
  private ChildJvm startProxy(
      TestInfo test,
      FakeApp app,
      int port,
      int managementPort,
      Map<String, String> env,
      List<String> jvmOptions)
      throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Files.write(keys.resolve("private.pem"), Fixtures.bytes("rsa2048-pkcs8.pem"));
    Path secret = Files.write(dir.resolve("app-secret"), APP_SECRET);
    Map<String, String> all = new HashMap<>(env);
    all.put("PROXY_APP_SECRET_FILE", secret.toString());
    ChildJvm c =
        ChildJvm.start(
            test,
            all,
            jvmOptions,
            "proxy",
            "--port=" + port,
            "--management-port=" + managementPort,
            "--key-dir=" + keys,
            "--upstream=" + app.url());
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.status(managementPort, "/readyz") == 200);
    } catch (RuntimeException | Error e) {
      c.process().destroyForcibly();
      throw e;
    }
    return c;
  }

  /**
   * Sends {@code n} requests one after the other, each answered 200 by the app through the proxy.
   */
  private static void forward(int port, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r =
          CLIENT.send(
              signed(port, "/flow", seal("{\"action\":\"data_exchange\"}")),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  /** {@code jvm_threads_started_threads_total} of the proxy's /metrics. */
  private static double threadsStarted(int managementPort) throws Exception {
    Matcher m = THREADS_STARTED.matcher(Http.get(managementPort, "/metrics").body());
    assertThat(m.find()).as("jvm_threads_started_threads_total on /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static SealedRequest seal(String json) {
    return new FlowsCipher()
        .seal(
            json.getBytes(StandardCharsets.UTF_8),
            Fixtures.loadedKey("rsa2048-pkcs8.pem", null).publicKey());
  }

  /** A POST of the sealed request, signed with the app secret as Meta signs. */
  private static HttpRequest signed(int port, String path, SealedRequest sealed) {
    byte[] body = sealed.body().toJson();
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .header(RequestSignature.HEADER, RequestSignature.sign(APP_SECRET, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }
}
