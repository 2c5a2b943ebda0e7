package dev.waflows.operator.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.testing.Http;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

  @Test
  void probesFollowTheirSuppliers() throws Exception {
    AtomicBoolean live = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ManagementServer server = new ManagementServer(0, live::get, ready::get, registry)) {
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
    try (ManagementServer server = new ManagementServer(0, () -> true, () -> true, registry)) {
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
  void anAnswerLargerThanTheLastIsTheWholeScrape() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowsMetrics metrics = new FlowsMetrics(registry);
    try (ManagementServer server = new ManagementServer(0, () -> true, () -> true, registry)) {
      String small = Http.get(server.port(), "/metrics").body();
      // Grows past the buffer the first answer left (its size): about 300 KB.
      for (int i = 0; i < 1_000; i++) {
        metrics.numberChecked(
            "shop", "flows-" + i, "1" + i, "VALID", true, Duration.ofHours(1), Instant.EPOCH);
      }

      String large = Http.get(server.port(), "/metrics").body();

      assertThat(large.length()).isGreaterThan(10 * small.length());
      assertThat(large).isEqualTo(registry.scrape());
    }
  }

  @Test
  void anUnknownPathIsNotFound() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ManagementServer server = new ManagementServer(0, () -> true, () -> true, registry)) {
      assertThat(Http.status(server.port(), "/")).isEqualTo(404);
      assertThat(Http.status(server.port(), "/healthz/extra")).isEqualTo(404);
    }
  }

  @Test
  void connectionsThatSendOneByteAndHangDoNotStopTheProbes() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<Socket> hanging = new ArrayList<>();
    try (ManagementServer server = new ManagementServer(0, () -> true, () -> true, registry)) {
      // More than the server has threads: the JDK HttpServer this replaces stopped at two.
      for (int i = 0; i < 20; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.getOutputStream().write('G');
        socket.getOutputStream().flush();
        hanging.add(socket);
      }

      long start = System.nanoTime();
      assertThat(Http.status(server.port(), "/healthz")).isEqualTo(200);
      assertThat(Http.status(server.port(), "/readyz")).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    } finally {
      for (Socket socket : hanging) {
        socket.close();
      }
    }
  }

  @Test
  void scrapesThatHangDoNotStopTheProbes() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch release = new CountDownLatch(1);
    Gauge.builder("flows.test.slow", () -> awaitQuietly(release)).register(registry);
    ExecutorService scrapers = Executors.newFixedThreadPool(4);
    try (ManagementServer server = new ManagementServer(0, () -> true, () -> true, registry)) {
      List<Future<Integer>> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slow.add(scrapers.submit(() -> Http.status(server.port(), "/metrics")));
      }
      // Two scrapes hang inside the gauge; the others are turned away at once.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> slow.stream().filter(Future::isDone).count() == 2);

      for (int i = 0; i < 10; i++) {
        assertThat(Http.status(server.port(), "/healthz")).isEqualTo(200);
      }
      release.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : slow) {
        statuses.add(f.get(5, TimeUnit.SECONDS));
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 200, 503, 503);
    } finally {
      release.countDown();
      scrapers.shutdownNow();
    }
  }

  private static double awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 1;
  }
}
