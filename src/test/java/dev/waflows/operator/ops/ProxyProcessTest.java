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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy} as the container runs it: options, exit codes, SIGTERM with a request in flight.
 */
class ProxyProcessTest {

  private static final byte[] APP_SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

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
      ProxyProcess proxy = startProxy(test, app, List.of());
      ChildJvm c = proxy.jvm();
      try {
        SealedRequest sealed = seal("{\"action\":\"data_exchange\",\"flow_token\":\"t-secret-1\"}");
        CompletableFuture<HttpResponse<String>> inFlight = proxy.post("/hang", sealed);
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
            .contains("serving on port " + proxy.port(), "shutting down", "stopped")
            .doesNotContain("t-secret-1", new String(APP_SECRET, StandardCharsets.UTF_8));
      } finally {
        c.process().destroyForcibly();
      }
    }
  }

  @Test
  void whereTheNativeCryptoLibraryCannotLoadSunJceOpensTheRequests(TestInfo test) throws Exception {
    // The native provider unpacks its library into java.io.tmpdir first: under a plain file it
    // cannot, as in a container whose temporary directory is not writable.
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
    try (FakeApp app = new FakeApp()) {
      ProxyProcess proxy =
          startProxy(test, app, List.of("-Djava.io.tmpdir=" + notADirectory.resolve("tmp")));
      try {
        SealedRequest sealed = seal("{\"action\":\"data_exchange\"}");

        HttpResponse<String> answer = proxy.post("/flow", sealed).get(10, TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new FlowsCipher().openResponse(answer.body(), sealed)).isNotEmpty();
        assertThat(Http.get(proxy.managementPort(), "/metrics").body())
            .contains("flows_proxy_crypto_provider_info{native=\"false\",provider=\"SunJCE\"");
        assertThat(proxy.jvm().output())
            .contains("RSA-OAEP and AES-GCM by SunJCE", "native provider not used");
      } finally {
        proxy.jvm().process().destroy();
        proxy.jvm().waitFor(Duration.ofSeconds(15));
      }
    }
  }

  /** The proxy in a child JVM in front of {@code app}, with key A and the app secret; ready. */
  private ProxyProcess startProxy(TestInfo test, FakeApp app, List<String> properties)
      throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Files.write(keys.resolve("private.pem"), Fixtures.bytes("rsa2048-pkcs8.pem"));
    Path secret = Files.write(dir.resolve("app-secret"), APP_SECRET);
    int port = FreePort.pick();
    int managementPort = FreePort.pick();
    ChildJvm c =
        ChildJvm.start(
            test,
            Map.of("PROXY_APP_SECRET_FILE", secret.toString()),
            properties,
            "proxy",
            "--port=" + port,
            "--management-port=" + managementPort,
            "--key-dir=" + keys,
            "--upstream=" + app.url());
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.status(managementPort, "/readyz") == 200);
    } catch (RuntimeException e) {
      c.process().destroyForcibly();
      throw e;
    }
    return new ProxyProcess(c, port, managementPort);
  }

  private static SealedRequest seal(String json) {
    return new FlowsCipher()
        .seal(
            json.getBytes(StandardCharsets.UTF_8),
            Fixtures.loadedKey("rsa2048-pkcs8.pem", null).publicKey());
  }

  private record ProxyProcess(ChildJvm jvm, int port, int managementPort) {

    /** POSTs {@code sealed}, signed with the app secret, as Meta does. */
    CompletableFuture<HttpResponse<String>> post(String path, SealedRequest sealed) {
      byte[] body = sealed.body().toJson();
      return HttpClient.newHttpClient()
          .sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .header(RequestSignature.HEADER, RequestSignature.sign(APP_SECRET, body))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
  }
}
