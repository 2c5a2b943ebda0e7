package dev.waflows.operator.proxy;

import static dev.waflows.operator.proxy.RunningProxy.APP_SECRET;
import static dev.waflows.operator.proxy.RunningProxy.KEY_A;
import static dev.waflows.operator.proxy.RunningProxy.KEY_B;
import static dev.waflows.operator.proxy.RunningProxy.OLD_APP_SECRET;
import static dev.waflows.operator.proxy.RunningProxy.request;
import static dev.waflows.operator.proxy.RunningProxy.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waflows.operator.flows.EncryptedRequest;
import dev.waflows.operator.flows.Ping;
import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.flows.SealedRequest;
import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.testing.CapturedLogs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's request/answer table, row by row, through a running proxy. */
class ProxyServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;

  @Test
  void notPostIs405() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      HttpResponse<String> r = p.get("/flow");
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("POST");
      assertThat(p.app.received()).isEmpty();
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"none\",outcome=\"method_not_allowed\"} 1.0");
    }
  }

  @Test
  void aMissingOrWrongSignatureIs432BeforeTheBodyIsEvenParsed() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      byte[] sealed = p.seal(request(), KEY_A).body().toJson();
      assertThat(p.post("/flow", sealed, null).statusCode()).isEqualTo(432);
      assertThat(p.post("/flow", sealed, "sha256=00").statusCode()).isEqualTo(432);
      assertThat(p.post("/flow", sealed, RequestSignature.sign(utf8("wrong"), sealed)).statusCode())
          .isEqualTo(432);
      // Signed over other bytes than those sent (re-serialised JSON): refused.
      assertThat(
              p.post(
                      "/flow",
                      sealed,
                      RequestSignature.sign(
                          APP_SECRET, utf8(" " + new String(sealed, StandardCharsets.UTF_8))))
                  .statusCode())
          .isEqualTo(432);
      // Not JSON, unsigned: the signature is checked first, so 432, not 400.
      assertThat(p.post("/flow", utf8("junk"), null).statusCode()).isEqualTo(432);
      assertThat(p.app.received()).isEmpty();
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"none\",outcome=\"bad_signature\"} 5.0");
    }
  }

  @Test
  void thePreviousAppSecretIsAcceptedToo() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      byte[] sealed = p.seal(request(), KEY_A).body().toJson();
      assertThat(
              p.post("/flow", sealed, RequestSignature.sign(OLD_APP_SECRET, sealed)).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aSignedBodyThatIsNotTheEnvelopeIs400() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      for (String body :
          new String[] {
            "junk",
            "{}",
            "{\"encrypted_flow_data\":\"AA==\",\"encrypted_aes_key\":\"AA==\"}",
            "{\"encrypted_flow_data\":\"AA==\",\"encrypted_aes_key\":\"@@\",\"initial_vector\":\"AA==\"}"
          }) {
        HttpResponse<String> r =
            p.post("/flow", utf8(body), RequestSignature.sign(APP_SECRET, utf8(body)));
        assertThat(r.statusCode()).as(body).isEqualTo(400);
      }
      assertThat(p.app.received()).isEmpty();
    }
  }

  @Test
  void aRequestNeitherKeyOpensIs421() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      HttpResponse<String> r = p.post("/flow", p.seal(request(), KEY_B));
      assertThat(r.statusCode()).isEqualTo(421);

      // A damaged tag, and a 12-byte IV, do not open either.
      EncryptedRequest good = p.seal(request(), KEY_A).body();
      byte[] data = Base64.getDecoder().decode(good.encryptedFlowData());
      data[data.length - 1] ^= 1;
      byte[] damaged =
          new EncryptedRequest(
                  Base64.getEncoder().encodeToString(data),
                  good.encryptedAesKey(),
                  good.initialVector())
              .toJson();
      assertThat(p.post("/flow", damaged, RequestSignature.sign(APP_SECRET, damaged)).statusCode())
          .isEqualTo(421);
      byte[] twelve =
          new EncryptedRequest(good.encryptedFlowData(), good.encryptedAesKey(), "AAAAAAAAAAAAAAAA")
              .toJson();
      assertThat(p.post("/flow", twelve, RequestSignature.sign(APP_SECRET, twelve)).statusCode())
          .isEqualTo(421);

      assertThat(p.app.received()).isEmpty();
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"none\",outcome=\"cannot_decrypt\"} 3.0");
    }
  }

  @Test
  void anOpenedRequestGoesToTheAppAsJsonAndItsAnswerComesBackSealed() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      SealedRequest sealed = p.seal(request(), KEY_A);

      HttpResponse<String> r = p.post("/flow?x=1", sealed);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      byte[] answer = p.cipher.openResponse(r.body(), sealed);
      assertThat(JSON.readTree(answer))
          .isEqualTo(
              JSON.readTree(
                  "{\"screen\":\"NEXT\",\"data\":"
                      + new String(request(), StandardCharsets.UTF_8)
                      + "}"));
      FakeApp.Received received = p.app.received().get(0);
      assertThat(received.path()).isEqualTo("/flow?x=1");
      assertThat(received.contentType()).isEqualTo("application/json");
      assertThat(received.flowsKey()).isEqualTo("current");
      assertThat(received.body()).isEqualTo(new String(request(), StandardCharsets.UTF_8));
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"current\",outcome=\"ok\"} 1.0")
          .contains("flows_proxy_request_duration_seconds_bucket{le=\"0.5\"}")
          .contains("flows_proxy_upstream_duration_seconds_count 1")
          .contains(
              "flows_proxy_key_info{fingerprint=\""
                  + KEY_A.fingerprint()
                  + "\",slot=\"current\"} 1")
          .contains(
              "flows_proxy_crypto_provider_info{native=\""
                  + p.proxy.cipherProvider().isNative()
                  + "\",provider=\""
                  + p.proxy.cipherProvider().name()
                  + "\",version=\""
                  + p.proxy.cipherProvider().version()
                  + "\"} 1");
      // Neither the request, the answer, the flow token nor a key reaches the metrics.
      KeyReloadTest.assertNothingSecretIn(List.of(p.metrics()));
    }
  }

  @Test
  void aRequestSealedToThePreviousKeyOpensWithPreviousPrivatePem() throws Exception {
    Map<String, byte[]> rotated =
        Map.of(
            "private.pem", Fixtures.bytes("other-rsa2048-pkcs8.pem"),
            "previous-private.pem", Fixtures.bytes("rsa2048-pkcs8.pem"));
    try (RunningProxy p = RunningProxy.start(root, rotated)) {
      SealedRequest toOld = p.seal(request(), KEY_A);
      HttpResponse<String> r = p.post("/flow", toOld);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(p.cipher.openResponse(r.body(), toOld)).isNotEmpty();
      assertThat(p.post("/flow", p.seal(request(), KEY_B)).statusCode()).isEqualTo(200);

      assertThat(p.app.received())
          .extracting(FakeApp.Received::flowsKey)
          .containsExactly("previous", "current");
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"previous\",outcome=\"ok\"} 1.0")
          .contains(
              "flows_proxy_key_info{fingerprint=\""
                  + KEY_A.fingerprint()
                  + "\",slot=\"previous\"} 1")
          .contains(
              "flows_proxy_key_info{fingerprint=\""
                  + KEY_B.fingerprint()
                  + "\",slot=\"current\"} 1");
    }
  }

  @Test
  void theAppsFlowTokenRefusalIs427WithItsJsonAsItIs() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      HttpResponse<String> r = p.post("/status/427", p.seal(request(), KEY_A));
      assertThat(r.statusCode()).isEqualTo(427);
      assertThat(r.body()).isEqualTo("{\"error_msg\":\"This flow has expired\"}");
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }
  }

  @Test
  void anyOtherAnswerOfTheAppIs502AndNothingOfItLeaks() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator");
        RunningProxy p = RunningProxy.start(root)) {
      // A 427 is passed on only with a JSON body.
      for (String path :
          new String[] {"/status/500", "/status/404", "/status/201", "/text", "/text/427"}) {
        HttpResponse<String> r = p.post(path, p.seal(request(), KEY_A));
        assertThat(r.statusCode()).as(path).isEqualTo(502);
        assertThat(r.body()).doesNotContain("internals", "plain words");
      }
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"current\",outcome=\"upstream_error\"} 5.0");
      assertThat(String.join("\n", logs.lines()))
          .contains("the app answered 500")
          .doesNotContain("internals", "plain words");
      KeyReloadTest.assertNothingSecretIn(logs.lines());
      KeyReloadTest.assertNothingSecretIn(List.of(p.metrics()));
    }
  }

  @Test
  void anAnswerOfTheAppOverItsBoundIs502NotBuffered() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      HttpResponse<String> r = p.post("/big", p.seal(request(), KEY_A));

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).doesNotContain("xxx");
      // The connection it was read on is closed; the next request still gets through.
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anAppThatCannotBeReachedIs502() throws Exception {
    try (RunningProxy p = RunningProxy.start(root, "--upstream=http://127.0.0.1:1")) {
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(502);
    }
  }

  @Test
  void anAppThatHangsIs504AfterTheUpstreamTimeout() throws Exception {
    try (RunningProxy p = RunningProxy.start(root, "--upstream-timeout=300ms")) {
      long start = System.nanoTime();
      HttpResponse<String> r = p.post("/hang", p.seal(request(), KEY_A));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(millis).isBetween(300L, 5_000L);
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"current\",outcome=\"upstream_timeout\"} 1.0");
    }
  }

  @Test
  void pingIsAnsweredInTheProxyWithAnswerPing() throws Exception {
    try (RunningProxy p = RunningProxy.start(root, "--answer-ping=true")) {
      SealedRequest ping = p.seal(Ping.request(), KEY_A);
      HttpResponse<String> r = p.post("/flow", ping);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Ping.isActive(p.cipher.openResponse(r.body(), ping))).isTrue();
      assertThat(p.app.received()).isEmpty();
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"current\",outcome=\"ping\"} 1.0");
    }
  }

  @Test
  void pingIsForwardedWithoutAnswerPing() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      assertThat(p.post("/flow", p.seal(Ping.request(), KEY_A)).statusCode()).isEqualTo(200);
      assertThat(p.app.received()).hasSize(1);
    }
  }

  @Test
  void withoutAKeyItIsNotReadyAndBecomesReadyWhenTheKeyArrives() throws Exception {
    try (RunningProxy p = RunningProxy.start(root, Map.of())) {
      assertThat(p.proxy.isReady()).isFalse();
      assertThat(dev.waflows.operator.testing.Http.status(p.proxy.managementPort(), "/readyz"))
          .isEqualTo(503);
      assertThat(dev.waflows.operator.testing.Http.status(p.proxy.managementPort(), "/healthz"))
          .isEqualTo(200);
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(503);

      p.keys.publish(Map.of("private.pem", Fixtures.bytes("rsa2048-pkcs8.pem")));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(
              () ->
                  dev.waflows.operator.testing.Http.status(p.proxy.managementPort(), "/readyz")
                      == 200);
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);
      assertThat(dev.waflows.operator.testing.Http.get(p.proxy.managementPort(), "/metrics").body())
          .contains("flows_proxy_requests_total");
    }
  }
}
