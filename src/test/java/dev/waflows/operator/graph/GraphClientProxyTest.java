package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.waflows.operator.testing.CapturedLogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graph calls through an outbound proxy: a local TLS Graph fake behind a local proxy that tunnels
 * every {@code CONNECT} to it, whatever host was asked for. The base URL {@code https://graph.test}
 * does not resolve, so a call that reaches the fake went through the proxy.
 */
class GraphClientProxyTest {

  private static final String PHONE = "106540352242922";
  private static final String TOKEN_TEXT = "EAAGm0PX4ZCpsBAKZCZBproxyTestToken1234567890";
  private static final AccessToken TOKEN = AccessToken.of(TOKEN_TEXT);
  private static final String VALID =
      "{\"business_public_key\":\"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\","
          + "\"business_public_key_signature_status\":\"VALID\"}";
  private static final HeldCertificate CERTIFICATE =
      new HeldCertificate.Builder()
          .addSubjectAlternativeName("graph.test")
          .addSubjectAlternativeName("localhost")
          .build();
  private static final GraphEndpoint UNRESOLVABLE =
      GraphEndpoint.of("https://graph.test", null, null);

  private final MockWebServer graph = new MockWebServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestProxy proxy;
  private GraphClient client;

  @BeforeEach
  void start() throws IOException {
    graph.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(CERTIFICATE)
            .build()
            .sslSocketFactory());
    graph.start();
    proxy = new TestProxy(new InetSocketAddress(graph.getHostName(), graph.getPort()), null, null);
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    proxy.close();
    graph.close();
  }

  @Test
  void httpsCallsTunnelThroughTheProxyWhichNeverSeesTheToken() throws Exception {
    graph.enqueue(json(VALID));
    client =
        client(
            Map.of("HTTPS_PROXY", proxy.url()), new Properties(), AllowedBaseUrls.unrestricted());

    StoredKey key = client.get(UNRESOLVABLE, PHONE, TOKEN);

    assertThat(key.isSet()).isTrue();
    RecordedRequest atGraph = graph.takeRequest();
    assertThat(atGraph.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN_TEXT);
    assertThat(proxy.heads()).hasSize(1);
    assertThat(proxy.heads().get(0)).startsWith("CONNECT graph.test:443 HTTP/1.1\r\n");
    assertThat(proxy.heads().get(0) + proxy.relayedFromClients())
        .as("what the proxy saw")
        .isNotEmpty()
        .doesNotContain(TOKEN_TEXT)
        .doesNotContain("whatsapp_business_encryption");
  }

  @Test
  void proxyCredentialsFromTheUrlAreSentToTheProxyAndNeverLogged() throws Exception {
    proxy.close();
    proxy =
        new TestProxy(
            new InetSocketAddress(graph.getHostName(), graph.getPort()), "flows", "pa@ss:w0rd");
    graph.enqueue(json(VALID));
    String withCredentials = "http://flows:pa%40ss%3Aw0rd@127.0.0.1:" + proxy.port();
    OutboundProxy outbound =
        OutboundProxy.fromEnvironment(Map.of("HTTPS_PROXY", withCredentials), new Properties());

    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator.graph")) {
      client = client(outbound, AllowedBaseUrls.unrestricted());
      assertThat(client.get(UNRESOLVABLE, PHONE, TOKEN).isSet()).isTrue();

      assertThat(proxy.heads().get(0)).contains("Proxy-Authorization: Basic ");
      assertThat(String.join("\n", logs.lines())).doesNotContain("pa@ss").doesNotContain("pa%40ss");
    }
    assertThat(outbound.toString())
        .isEqualTo(
            "https via 127.0.0.1:"
                + proxy.port()
                + " (with credentials) from HTTPS_PROXY; http direct")
        .doesNotContain("pa");
  }

  @Test
  void wrongProxyCredentialsFailWithoutEchoingThem() throws Exception {
    proxy.close();
    proxy =
        new TestProxy(
            new InetSocketAddress(graph.getHostName(), graph.getPort()), "flows", "right");
    client =
        client(
            Map.of("HTTPS_PROXY", "http://flows:wrongSecret@127.0.0.1:" + proxy.port()),
            new Properties(),
            AllowedBaseUrls.unrestricted());

    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> client.get(UNRESOLVABLE, PHONE, TOKEN));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(failure.getMessage()).doesNotContain("wrongSecret");
    assertThat(graph.getRequestCount()).isZero();
  }

  @Test
  void noProxyHostsAreReachedDirectly() throws Exception {
    GraphEndpoint local = GraphEndpoint.of("https://localhost:" + graph.getPort(), null, null);
    graph.enqueue(json(VALID));
    graph.enqueue(json(VALID));

    client =
        client(
            Map.of("HTTPS_PROXY", proxy.url(), "no_proxy", "example.com, localhost"),
            new Properties(),
            AllowedBaseUrls.unrestricted());
    assertThat(client.get(local, PHONE, TOKEN).isSet()).isTrue();
    assertThat(proxy.connections()).as("NO_PROXY names localhost").isZero();
    client.close();

    client =
        client(
            Map.of("HTTPS_PROXY", proxy.url()), new Properties(), AllowedBaseUrls.unrestricted());
    assertThat(client.get(local, PHONE, TOKEN).isSet()).isTrue();
    assertThat(proxy.heads())
        .singleElement()
        .asString()
        .startsWith("CONNECT localhost:" + graph.getPort());
  }

  @Test
  void theJvmProxyPropertiesApplyWhenNoVariableIsSet() throws Exception {
    graph.enqueue(json(VALID));
    Properties jvm = new Properties();
    jvm.setProperty("https.proxyHost", "127.0.0.1");
    jvm.setProperty("https.proxyPort", String.valueOf(proxy.port()));

    client = client(Map.of(), jvm, AllowedBaseUrls.unrestricted());

    assertThat(client.get(UNRESOLVABLE, PHONE, TOKEN).isSet()).isTrue();
    assertThat(proxy.heads()).singleElement().asString().startsWith("CONNECT graph.test:443 ");
  }

  @Test
  void theAllowListStillJudgesTheTargetUrl() {
    client =
        client(Map.of("HTTPS_PROXY", proxy.url()), new Properties(), AllowedBaseUrls.defaults());

    GraphApiException refused =
        catchThrowableOfType(GraphApiException.class, () -> client.get(UNRESOLVABLE, PHONE, TOKEN));

    assertThat(refused.reason()).isEqualTo(GraphErrorReason.InvalidSpec);
    assertThat(proxy.connections()).as("nothing went to the proxy either").isZero();
  }

  @Test
  void httpBaseUrlsGoThroughTheHttpProxy() throws Exception {
    try (MockWebServer plain = new MockWebServer()) {
      plain.enqueue(json(VALID));
      plain.start();
      proxy.close();
      proxy =
          new TestProxy(new InetSocketAddress(plain.getHostName(), plain.getPort()), null, null);
      client =
          client(
              Map.of("HTTP_PROXY", proxy.url(), "HTTPS_PROXY", "http://127.0.0.1:1"),
              new Properties(),
              AllowedBaseUrls.unrestricted());

      assertThat(
              client.get(GraphEndpoint.of("http://graph.test", null, null), PHONE, TOKEN).isSet())
          .isTrue();

      assertThat(proxy.heads())
          .singleElement()
          .asString()
          .startsWith("GET http://graph.test/v24.0/" + PHONE + "/whatsapp_business_encryption ");
      assertThat(plain.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + TOKEN_TEXT);
    }
  }

  private GraphClient client(Map<String, String> env, Properties jvm, AllowedBaseUrls allowed) {
    return client(OutboundProxy.fromEnvironment(env, jvm), allowed);
  }

  private GraphClient client(OutboundProxy outbound, AllowedBaseUrls allowed) {
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder()
            .addTrustedCertificate(CERTIFICATE.certificate())
            .build();
    return new GraphClient(
        new GraphClientSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            1,
            Duration.ofSeconds(5),
            Duration.ofMillis(10),
            1000,
            8,
            allowed,
            outbound),
        registry,
        Ticker.SYSTEM,
        () -> 0.5,
        http -> http.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()));
  }

  private static MockResponse json(String body) {
    return new MockResponse(200, Headers.of("Content-Type", "application/json"), body);
  }
}
