package dev.waflows.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GraphSandboxTest {
  private static final String ID = "106540352242922";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static String pem;
  private static String otherPem;

  private GraphSandbox graph;

  /** A real HTTP answer, parsed. */
  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    int code() {
      return body.path("error").path("code").asInt();
    }
  }

  @BeforeAll
  static void keys() throws Exception {
    // 1024 bits: the sandbox checks "RSA public key", and tests should not pay for 2048.
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(1024);
    pem = toPem(gen.generateKeyPair().getPublic().getEncoded());
    otherPem = toPem(gen.generateKeyPair().getPublic().getEncoded());
  }

  @BeforeEach
  void start() {
    graph = GraphSandbox.start();
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void postThenGetReturnsTheKeyValidInBothShapes() throws Exception {
    assertThat(get(ID, "t").body().toString()).isEqualTo("{\"data\":[]}");
    Answer posted = post(ID, "t", pem);
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.body().path("success").asBoolean()).isTrue();

    JsonNode wrapped = get(ID, "t").body().path("data").path(0);
    assertThat(wrapped.path("business_public_key").asText()).isEqualTo(pem);
    assertThat(wrapped.path("business_public_key_signature_status").asText()).isEqualTo("VALID");

    graph.setShape(Shape.FLAT);
    JsonNode flat = get(ID, "t").body();
    assertThat(flat.path("business_public_key").asText()).isEqualTo(pem);
    assertThat(flat.path("business_public_key_signature_status").asText()).isEqualTo("VALID");
    assertThat(get("42", "t").body().toString()).isEqualTo("{}");

    assertThat(graph.postCount(ID)).isEqualTo(1);
    assertThat(graph.getCount(ID)).isEqualTo(3);
    assertThat(graph.totalGets()).isEqualTo(4);
    assertThat(graph.storedKey(ID)).contains(new StoredKey(pem, StoredKey.VALID));
  }

  @Test
  void wrongOrMissingTokenIs401Code190AndNeverLogged() throws Exception {
    graph.acceptTokens("good-token");
    Answer bad = get(ID, "secret-bad-token");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.code()).isEqualTo(190);
    assertThat(bad.body().path("error").path("type").asText()).isEqualTo("OAuthException");
    assertThat(bad.body().path("error").path("fbtrace_id").asText()).isNotBlank();
    assertThat(get(ID, null).status()).isEqualTo(401);
    assertThat(get(ID, "good-token").status()).isEqualTo(200);
    assertThat(graph.requests())
        .extracting(RequestRecord::tokenAccepted)
        .containsExactly(false, false, true);
    assertThat(graph.requests().toString()).doesNotContain("secret-bad-token");
  }

  @Test
  void garbageKeyUnknownAndDeniedNumbersAreGraphErrors() throws Exception {
    Answer garbage =
        post(ID, "t", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----");
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.code()).isEqualTo(100);
    assertThat(garbage.body().path("error").path("message").asText())
        .isEqualTo("Business public key is invalid");
    assertThat(graph.storedKey(ID)).isEmpty();

    graph.unknownNumber("111").denyPermission("222");
    Answer unknown = get("111", "t");
    assertThat(unknown.code()).isEqualTo(100);
    assertThat(unknown.body().path("error").path("message").asText())
        .startsWith("Unsupported get request. Object with ID '111' does not exist");
    assertThat(get("222", "t").code()).isEqualTo(10);
  }

  @Test
  void mismatchLastsUntilTheNextPostAndDriftIsVisible() throws Exception {
    post(ID, "t", pem);
    graph.markMismatch(ID);
    assertThat(status(get(ID, "t"))).isEqualTo("MISMATCH");
    post(ID, "t", pem);
    assertThat(status(get(ID, "t"))).isEqualTo("VALID");

    graph.setStoredKey(ID, otherPem, StoredKey.VALID);
    assertThat(get(ID, "t").body().path("data").path(0).path("business_public_key").asText())
        .isEqualTo(otherPem);
    assertThatThrownBy(() -> graph.markMismatch("999")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failNextFailsExactlyNCalls() throws Exception {
    graph.failNext(2, 500, 2);
    Answer first = get(ID, "t");
    assertThat(first.status()).isEqualTo(500);
    assertThat(first.code()).isEqualTo(2);
    assertThat(first.body().path("error").path("is_transient").asBoolean()).isTrue();
    assertThat(get(ID, "t").status()).isEqualTo(500);
    assertThat(get(ID, "t").status()).isEqualTo(200);
    assertThat(graph.getCount(ID)).isEqualTo(3);
  }

  @Test
  void overTheRateLimitIs429Code80007WithRetryAfter() throws Exception {
    graph.setRateLimit(0.1); // burst of one, then one call per 10 s
    assertThat(get(ID, "t").status()).isEqualTo(200);
    Answer limited = get(ID, "t");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.code()).isEqualTo(80007);
    assertThat(limited.body().path("error").path("message").asText()).isEqualTo("Rate limit hit");
    assertThat(limited.raw().headers().firstValue("Retry-After")).contains("1");
    assertThat(graph.rateLimitedCount()).isEqualTo(1);
    assertThat(graph.firstRateLimited()).isPresent();
    assertThat(graph.timeline().stream().mapToInt(SecondCount::requests).sum()).isEqualTo(2);
    assertThat(graph.timeline().stream().mapToInt(SecondCount::rateLimited).sum()).isEqualTo(1);
  }

  @Test
  void latencyDoesNotSerialiseCalls() {
    graph.setLatency(Duration.ofMillis(200));
    List<CompletableFuture<HttpResponse<String>>> calls =
        IntStream.range(0, 4)
            .mapToObj(
                i -> HTTP.sendAsync(getRequest(ID, "t"), HttpResponse.BodyHandlers.ofString()))
            .toList();
    calls.forEach(CompletableFuture::join);
    assertThat(graph.maxConcurrent()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void statsAndResetEndpoints() throws Exception {
    post(ID, "t", pem);
    get(ID, "t");
    JsonNode stats = admin("GET", "stats");
    assertThat(stats.path("gets").asInt()).isEqualTo(1);
    assertThat(stats.path("posts").asInt()).isEqualTo(1);
    assertThat(stats.path("perNumber").path(ID).path("posts").asInt()).isEqualTo(1);
    assertThat(stats.has("rateLimited")).isTrue();
    assertThat(stats.path("maxConcurrent").asInt()).isEqualTo(1);

    assertThat(admin("POST", "reset").path("success").asBoolean()).isTrue();
    assertThat(admin("GET", "stats").path("posts").asInt()).isZero();
    assertThat(graph.storedKey(ID)).isEmpty();
  }

  @Test
  void everyAnswerNamesTheVersionThatServedIt() throws Exception {
    graph.acceptTokens("good");
    assertThat(served(get("v24.0", ID, "good"))).isEqualTo("v24.0");
    assertThat(served(get("v23.0", ID, "good"))).isEqualTo("v23.0");
    assertThat(served(get("v24.0", ID, "bad"))).as("errors too").isEqualTo("v24.0");
    graph.failNext(1, 500, 2);
    assertThat(served(get("v22.0", ID, "good"))).isEqualTo("v22.0");
  }

  @Test
  void aRetiredVersionIsServedByTheOldestStillServed() throws Exception {
    assertThat(graph.servedVersions()).containsExactly("v21.0", "v22.0", "v23.0", "v24.0");
    assertThat(served(get("v21.0", ID, "t"))).as("until Meta retires it").isEqualTo("v21.0");
    graph.serveVersions("v24.0", "v22.0", "v23.0");
    post(ID, "t", pem);

    Answer retired = get("v21.0", ID, "t");
    Answer ancient = get("v2.12", ID, "t");

    assertThat(retired.status()).isEqualTo(200);
    assertThat(served(retired)).isEqualTo("v22.0");
    assertThat(retired.body().path("data").path(0).path("business_public_key").asText())
        .isEqualTo(pem);
    assertThat(served(ancient)).isEqualTo("v22.0");

    graph.serveVersions("v25.0", "v23.0", "v24.0");
    assertThat(graph.servedVersions()).containsExactly("v23.0", "v24.0", "v25.0");
    assertThat(served(get("v22.0", ID, "t"))).isEqualTo("v23.0");
    assertThat(served(get("v25.0", ID, "t"))).isEqualTo("v25.0");
  }

  @Test
  void aVersionNotYetReleasedIsAGraphError() throws Exception {
    Answer future = get("v99.0", ID, "t");
    Answer between = get("v23.5", ID, "t");

    assertThat(future.status()).isEqualTo(400);
    assertThat(future.code()).isEqualTo(2500);
    assertThat(future.body().path("error").path("message").asText())
        .startsWith("Unknown path components");
    assertThat(future.raw().headers().firstValue("facebook-api-version")).isEmpty();
    assertThat(between.status()).isEqualTo(400);
    assertThat(graph.getCount(ID)).isEqualTo(2);
  }

  @Test
  void theCommandLineChoosesTheVersions() {
    assertThat(GraphSandboxMain.parse(new String[0]).versions())
        .containsExactly("v21.0", "v22.0", "v23.0", "v24.0");
    assertThat(GraphSandboxMain.parse(new String[] {"--versions=v23.0,v24.0"}).versions())
        .containsExactly("v23.0", "v24.0");
    assertThatThrownBy(() -> GraphSandboxMain.parse(new String[] {"--versions", "latest"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latest");
  }

  @Test
  void refusesNonLoopbackBindAddresses() {
    assertThatThrownBy(() -> GraphSandbox.start("0.0.0.0", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-loopback");
    assertThatThrownBy(
            () ->
                GraphSandboxMain.start(
                    GraphSandboxMain.parse(new String[] {"--bind", "192.0.2.1", "--port", "0"})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Answer get(String id, String token) throws Exception {
    return send(getRequest(id, token));
  }

  private Answer get(String version, String id, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(endpoint(version, id))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build());
  }

  private static String served(Answer a) {
    return a.raw().headers().firstValue("facebook-api-version").orElse("(none)");
  }

  private HttpRequest getRequest(String id, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint(id)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private Answer post(String id, String token, String key) throws Exception {
    String form = "business_public_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(endpoint(id))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  private JsonNode admin(String method, String route) throws Exception {
    URI uri = URI.create(graph.baseUrl() + "/_sandbox/" + route);
    return send(HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build())
        .body();
  }

  private URI endpoint(String id) {
    return endpoint("v24.0", id);
  }

  private URI endpoint(String version, String id) {
    return URI.create(graph.baseUrl() + "/" + version + "/" + id + "/whatsapp_business_encryption");
  }

  private static Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()), r);
  }

  private static String status(Answer a) {
    return a.body().path("data").path(0).path("business_public_key_signature_status").asText();
  }

  private static String toPem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
