package dev.waflows.operator.proxy;

import dev.waflows.operator.flows.FlowsCipher;
import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.flows.SealedRequest;
import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.management.BoundedServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
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

/**
 * A proxy started in this JVM in front of a {@link FakeApp}, with its key directory as a {@link
 * KubeletVolume}, and a client that seals and signs as WhatsApp does.
 */
final class RunningProxy implements AutoCloseable {

  static final byte[] APP_SECRET = utf8("0123456789abcdef0123456789abcdef");
  static final byte[] OLD_APP_SECRET = utf8("fedcba9876543210fedcba9876543210");
  static final LoadedKey KEY_A = Fixtures.loadedKey("rsa2048-pkcs8.pem", null);
  static final LoadedKey KEY_B = Fixtures.loadedKey("other-rsa2048-pkcs8.pem", null);
  static final String FLOW_TOKEN = "flow-token-that-must-not-leak-7f3a";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  final KubeletVolume keys;
  final Path appSecretFile;
  final Path previousAppSecretFile;
  final FakeApp app;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final ProxyServer proxy;
  final FlowsCipher cipher = new FlowsCipher();

  private RunningProxy(
      Path root, BoundedServer.Limits limits, Map<String, byte[]> keyEntries, String... flags)
      throws IOException {
    keys = new KubeletVolume(root.resolve("flows-key"));
    if (!keyEntries.isEmpty()) {
      keys.publish(keyEntries);
    }
    appSecretFile = Files.write(root.resolve("app-secret"), APP_SECRET);
    previousAppSecretFile = Files.write(root.resolve("previous-app-secret"), OLD_APP_SECRET);
    app = new FakeApp();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port=0",
                "--management-port=0",
                "--key-dir=" + keys.dir(),
                "--app-secret-file=" + appSecretFile,
                "--previous-app-secret-file=" + previousAppSecretFile,
                "--upstream=" + app.url()));
    args.addAll(List.of(flags));
    ProxyConfig config = ProxyConfig.load(args.toArray(String[]::new), Map.of());
    proxy = ProxyServer.start(config, registry, limits);
  }

  /** Serves key A as private.pem. */
  static RunningProxy start(Path root, String... flags) throws IOException {
    return start(root, Map.of("private.pem", Fixtures.bytes("rsa2048-pkcs8.pem")), flags);
  }

  static RunningProxy start(Path root, Map<String, byte[]> keyEntries, String... flags)
      throws IOException {
    return new RunningProxy(root, ProxyServer.LIMITS, keyEntries, flags);
  }

  static RunningProxy start(Path root, BoundedServer.Limits limits, String... flags)
      throws IOException {
    return new RunningProxy(
        root, limits, Map.of("private.pem", Fixtures.bytes("rsa2048-pkcs8.pem")), flags);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A data_exchange request with the test's flow token. */
  static byte[] request() {
    return utf8(
        "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"A\",\"flow_token\":\""
            + FLOW_TOKEN
            + "\",\"data\":{\"x\":1}}");
  }

  SealedRequest seal(byte[] json, LoadedKey key) {
    return cipher.seal(json, key.publicKey());
  }

  /** POSTs the sealed request, signed with the app secret. */
  HttpResponse<String> post(String path, SealedRequest sealed) throws Exception {
    byte[] body = sealed.body().toJson();
    return post(path, body, RequestSignature.sign(APP_SECRET, body));
  }

  /** POSTs raw bytes with the given signature header (none when null). */
  HttpResponse<String> post(String path, byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(path))
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header(RequestSignature.HEADER, signature);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + proxy.port() + path);
  }

  String metrics() {
    return registry.scrape();
  }

  @Override
  public void close() {
    proxy.close();
    app.close();
  }
}
