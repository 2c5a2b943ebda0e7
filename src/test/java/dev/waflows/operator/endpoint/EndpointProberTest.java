package dev.waflows.operator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prober against a real (local) Flows endpoint and against broken ones. */
class EndpointProberTest {

  private static final byte[] APP_SECRET = "app-s3cr3t-value".getBytes(StandardCharsets.UTF_8);

  private static KeyPair held;
  private static KeyPair other;

  private final EndpointProber prober = new EndpointProber(Duration.ofSeconds(2));
  private TestFlowsEndpoint endpoint;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    held = g.generateKeyPair();
    other = g.generateKeyPair();
  }

  @BeforeEach
  void start() throws Exception {
    endpoint = new TestFlowsEndpoint(held.getPrivate());
  }

  @AfterEach
  void stop() throws Exception {
    endpoint.close();
    prober.close();
  }

  @Test
  void anEndpointHoldingTheKeyOpensThePing() {
    ProbeResult r = prober.probe(endpoint.url(), held.getPublic(), Optional.empty());
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.Opened);
    assertThat(r.opened()).isTrue();
    assertThat(endpoint.opened()).isEqualTo(1);
  }

  @Test
  void anEndpointHoldingAnotherKeyAnswers421() {
    ProbeResult r = prober.probe(endpoint.url(), other.getPublic(), Optional.empty());
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.CannotDecrypt);
    assertThat(r.message()).contains("421");
    endpoint.holdKey(other.getPrivate());
    assertThat(prober.probe(endpoint.url(), other.getPublic(), Optional.empty()).outcome())
        .isEqualTo(ProbeOutcome.Opened);
  }

  @Test
  void probesAreSignedWithTheAppSecretAndAWrongOneIs432() throws Exception {
    endpoint.requireAppSecret(APP_SECRET);
    assertThat(
            prober
                .probe(endpoint.url(), held.getPublic(), Optional.of(AppSecret.of(APP_SECRET)))
                .outcome())
        .isEqualTo(ProbeOutcome.Opened);
    assertThat(endpoint.takeRequest().orElseThrow().getHeaders().get("X-Hub-Signature-256"))
        .startsWith("sha256=");

    ProbeResult wrong =
        prober.probe(
            endpoint.url(),
            held.getPublic(),
            Optional.of(AppSecret.of("other".getBytes(StandardCharsets.UTF_8))));
    assertThat(wrong.outcome()).isEqualTo(ProbeOutcome.RejectedSignature);
    assertThat(prober.probe(endpoint.url(), held.getPublic(), Optional.empty()).outcome())
        .isEqualTo(ProbeOutcome.RejectedSignature);
    assertThat(wrong.message()).doesNotContain("other").doesNotContain("app-s3cr3t");
  }

  @Test
  void theAppSecretNeverShowsAndOneTrailingLineBreakIsDropped() {
    assertThat(AppSecret.of("s3cr3t\n".getBytes(StandardCharsets.UTF_8)).toString())
        .doesNotContain("s3cr3t");
    assertThat(AppSecret.of("s3cr3t\n".getBytes(StandardCharsets.UTF_8)).bytes())
        .isEqualTo("s3cr3t".getBytes(StandardCharsets.UTF_8));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> AppSecret.of("\n".getBytes(StandardCharsets.UTF_8)))
        .withMessage("the app secret is empty");
  }

  @Test
  void answersThatDoNotOpenToActiveAreBadResponses() {
    for (TestFlowsEndpoint.Behaviour b :
        new TestFlowsEndpoint.Behaviour[] {
          TestFlowsEndpoint.Behaviour.UNSEALED_ANSWER,
          TestFlowsEndpoint.Behaviour.INACTIVE_ANSWER,
          TestFlowsEndpoint.Behaviour.ERROR_500
        }) {
      endpoint.behave(b);
      ProbeResult r = prober.probe(endpoint.url(), held.getPublic(), Optional.empty());
      assertThat(r.outcome()).as(b.name()).isEqualTo(ProbeOutcome.BadResponse);
      // Neither the answer nor the ping's plaintext is echoed.
      assertThat(r.message())
          .as(b.name())
          .doesNotContain("ping")
          .doesNotContain("down")
          .doesNotContain("{");
    }
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    try (TestFlowsEndpoint elsewhere = new TestFlowsEndpoint(held.getPrivate())) {
      endpoint.behave(TestFlowsEndpoint.Behaviour.REDIRECT);
      endpoint.redirectTo(elsewhere.url());
      ProbeResult r = prober.probe(endpoint.url(), held.getPublic(), Optional.empty());
      assertThat(r.outcome()).isEqualTo(ProbeOutcome.BadResponse);
      assertThat(r.message()).contains("redirect");
      assertThat(elsewhere.requests()).isZero();
    }
  }

  @Test
  void aHangIsUnreachableAfterTheTimeout() {
    endpoint.behave(TestFlowsEndpoint.Behaviour.HANG);
    ProbeResult r = prober.probe(endpoint.url(), held.getPublic(), Optional.empty());
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.Unreachable);
    assertThat(r.took()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
    assertThat(endpoint.requests()).isEqualTo(1);
  }

  @Test
  void aClosedPortIsUnreachableAndNotRetried() throws Exception {
    String url = endpoint.url();
    endpoint.close();
    ProbeResult r = prober.probe(url, held.getPublic(), Optional.empty());
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.Unreachable);
    assertThat(r.message()).startsWith("cannot reach the endpoint");
  }

  @Test
  void atMost64KiBOfAnAnswerIsRead() throws Exception {
    try (MockWebServer big = new MockWebServer()) {
      big.start(0);
      Buffer body = new Buffer();
      body.write(new byte[1024 * 1024]);
      big.enqueue(new MockResponse.Builder().code(200).body(body).build());
      ProbeResult r = prober.probe(big.url("/").toString(), held.getPublic(), Optional.empty());
      assertThat(r.outcome()).isEqualTo(ProbeOutcome.BadResponse);
      assertThat(r.message()).contains("64 KiB");
    }
  }
}
