package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  @Test
  void probesFollowTheirSuppliers() throws Exception {
    AtomicBoolean live = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HealthServer server = new HealthServer(0, live::get, ready::get, registry)) {
      int port = server.port();
      assertThat(port).isPositive();

      assertThat(Http.status(port, "/healthz")).isEqualTo(200);
      HttpResponse<String> notReady = Http.get(port, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("not ready\n");

      ready.set(true);
      HttpResponse<String> isReady = Http.get(port, "/readyz");
      assertThat(isReady.statusCode()).isEqualTo(200);
      assertThat(isReady.body()).isEqualTo("ok\n");

      live.set(false);
      assertThat(Http.status(port, "/healthz")).isEqualTo(503);
      assertThat(Http.status(port, "/readyz")).as("independent of liveness").isEqualTo(200);
      ready.set(false);
      assertThat(Http.status(port, "/readyz")).isEqualTo(503);
    }
  }

  @Test
  void metricsAnswerInPrometheusTextFormat() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("flows.test.events")
        .description("a test counter")
        .register(registry)
        .increment(3);
    try (HealthServer server = new HealthServer(0, () -> true, () -> true, registry)) {
      HttpResponse<String> r = Http.get(server.port(), "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(r.body())
          .contains("# HELP flows_test_events_total a test counter")
          .contains("# TYPE flows_test_events_total counter")
          .contains("flows_test_events_total 3.0");
    }
  }

  @Test
  void anUnknownPathIsNotFound() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HealthServer server = new HealthServer(0, () -> true, () -> true, registry)) {
      assertThat(Http.status(server.port(), "/")).isEqualTo(404);
      assertThat(Http.status(server.port(), "/healthz/extra")).isEqualTo(404);
    }
  }
}
