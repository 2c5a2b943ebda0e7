package dev.waflows.operator.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.management.AccessDecisionsTest.FakeReviewer;
import dev.waflows.operator.management.AccessReviewer.Access;
import dev.waflows.operator.testing.CapturedLogs;
import dev.waflows.operator.testing.Http;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecureMetricsServerTest {

  private static final ServingCertificate CERTIFICATE =
      ServingCertificate.selfSigned("flows-key-operator", List.of("localhost"));

  private final FakeReviewer reviewer = new FakeReviewer();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private SecureMetricsServer start() throws Exception {
    Counter.builder("flows.test.events").register(registry).increment(3);
    return SecureMetricsServer.start(
        0,
        CERTIFICATE,
        new AccessDecisions(reviewer, AccessDecisions.Settings.defaults()),
        registry);
  }

  @Test
  void onlyATokenAllowedToGetMetricsReadsThem() throws Exception {
    reviewer.answers.put("prometheus-token", Access.ALLOWED);
    reviewer.answers.put("tenant-token", Access.FORBIDDEN);
    Https https = new Https(CERTIFICATE.chain().get(0));
    try (SecureMetricsServer server = start()) {
      int port = server.port();

      HttpResponse<String> none = https.get(port, "/metrics", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(none.body()).doesNotContain("flows_test_events");
      assertThat(https.get(port, "/metrics", "Basic dXNlcjpwYXNz").statusCode()).isEqualTo(401);
      assertThat(https.get(port, "/metrics", "Bearer ").statusCode()).isEqualTo(401);
      assertThat(reviewer.reviews).as("no token, no review").hasValue(0);

      HttpResponse<String> bad = https.get(port, "/metrics", "Bearer made-up");
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.body()).doesNotContain("flows_test_events");

      HttpResponse<String> tenant = https.get(port, "/metrics", "Bearer tenant-token");
      assertThat(tenant.statusCode()).isEqualTo(403);
      assertThat(tenant.body()).doesNotContain("flows_test_events");

      HttpResponse<String> prometheus = https.get(port, "/metrics", "Bearer prometheus-token");
      assertThat(prometheus.statusCode()).isEqualTo(200);
      assertThat(prometheus.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(prometheus.body()).contains("flows_test_events_total 3.0");
      assertThat(https.get(port, "/metrics", "bearer prometheus-token").statusCode())
          .as("the scheme is case-insensitive")
          .isEqualTo(200);

      assertThat(reviewer.reviews).as("one review per token, then remembered").hasValue(3);
      assertThat(https.get(port, "/healthz", "Bearer prometheus-token").statusCode())
          .as("nothing but /metrics here")
          .isEqualTo(404);
      assertThat(Http.status(port, "/metrics")).as("no plain HTTP on this port").isNotEqualTo(200);
    }
  }

  @Test
  void theTokenNeverReachesTheLogsWhateverTheOutcome() throws Exception {
    String allowed = "allowed-" + System.nanoTime();
    String forbidden = "forbidden-" + System.nanoTime();
    String failing = "failing-" + System.nanoTime();
    reviewer.answers.put(allowed, Access.ALLOWED);
    reviewer.answers.put(forbidden, Access.FORBIDDEN);
    Https https = new Https(CERTIFICATE.chain().get(0));
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator");
        SecureMetricsServer server = start()) {
      https.get(server.port(), "/metrics", "Bearer " + allowed);
      https.get(server.port(), "/metrics", "Bearer " + forbidden);
      https.get(server.port(), "/metrics", "Bearer unknown-" + allowed);
      reviewer.failing = true;
      HttpResponse<String> unavailable = https.get(server.port(), "/metrics", "Bearer " + failing);
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(logs.lines()).anyMatch(l -> l.contains("cannot review access"));
      assertThat(String.join("\n", logs.lines()))
          .doesNotContain(allowed, forbidden, failing, "API server unreachable");
    }
  }

  @Test
  void slowReviewsHoldNoServerThreadAndStopNeitherScrapesNorProbes() throws Exception {
    reviewer.answers.put("prometheus-token", Access.ALLOWED);
    Https https = new Https(CERTIFICATE.chain().get(0));
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try (SecureMetricsServer server = start();
        ManagementServer probes = ManagementServer.probesOnly(0, () -> true, () -> true)) {
      // Remembered before the flood starts.
      assertThat(https.get(server.port(), "/metrics", "Bearer prometheus-token").statusCode())
          .isEqualTo(200);
      reviewer.gate = new CountDownLatch(1);
      List<Future<Integer>> flood = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String token = "made-up-" + i;
        flood.add(
            clients.submit(
                () -> https.get(server.port(), "/metrics", "Bearer " + token).statusCode()));
      }
      // More requests than the server has threads wait on reviews or were refused; scrapes with
      // a remembered token and the probes still answer at once.
      for (int i = 0; i < 5; i++) {
        assertThat(https.get(server.port(), "/metrics", "Bearer prometheus-token").statusCode())
            .isEqualTo(200);
        assertThat(Http.status(probes.port(), "/healthz")).isEqualTo(200);
      }
      assertThat(reviewer.reviews.get())
          .as("at most the reviews in flight reached the API server")
          .isLessThanOrEqualTo(1 + AccessDecisions.Settings.defaults().reviewsInFlight());
      reviewer.gate.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : flood) {
        statuses.add(f.get(10, TimeUnit.SECONDS));
      }
      assertThat(statuses).containsOnly(401, 503).contains(503);
    } finally {
      reviewer.gate.countDown();
      clients.shutdownNow();
    }
  }

  @Test
  void metricsMovedAwayLeaveTheProbePortWithProbesOnly() throws Exception {
    try (ManagementServer probes = ManagementServer.probesOnly(0, () -> true, () -> false)) {
      assertThat(Http.status(probes.port(), "/healthz")).isEqualTo(200);
      assertThat(Http.status(probes.port(), "/readyz")).isEqualTo(503);
      assertThat(Http.status(probes.port(), "/metrics")).isEqualTo(404);
    }
  }

  @Test
  void aSelfSignedCertificateIsMadeInMemoryForTheGivenNames() throws Exception {
    ServingCertificate c =
        ServingCertificate.selfSigned("flows-key-operator", List.of("localhost"));
    var cert = c.chain().get(0);
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=flows-key-operator");
    List<Object> names = new ArrayList<>();
    cert.getSubjectAlternativeNames().forEach(san -> names.add(san.get(1)));
    assertThat(names).containsExactly("localhost");
    assertThat(cert.getNotAfter().toInstant())
        .isBefore(java.time.Instant.now().plus(Duration.ofDays(366)));
    assertThat(ServingCertificate.selfSigned("x", List.of("localhost")).key())
        .as("a new key each time")
        .isNotEqualTo(c.key());
  }
}
