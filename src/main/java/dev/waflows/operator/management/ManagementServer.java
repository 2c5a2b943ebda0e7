package dev.waflows.operator.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@code /healthz} (the process answers), {@code /readyz} (it can do its job) and, unless
 * metrics are served elsewhere ({@link SecureMetricsServer}), {@code /metrics} (Prometheus text
 * format) on one plain HTTP port.
 *
 * <p>Liveness must not depend on anything slow: the probes are answered from a supplier, and at
 * most {@link MetricsScrape#CONCURRENT} scrapes run at once (others get 503), so the threads left
 * always answer the probes. Slow or silent clients hold no thread (see {@link BoundedServer}).
 */
public final class ManagementServer implements AutoCloseable {

  static final int CONCURRENT_SCRAPES = MetricsScrape.CONCURRENT;

  private static final BoundedServer.Limits LIMITS =
      new BoundedServer.Limits(8, 256, Duration.ofSeconds(10), Duration.ZERO);

  private final BoundedServer server;

  /**
   * Starts serving the probes and {@code /metrics}.
   *
   * @param port the port (0: any free port)
   * @throws IOException if the port cannot be bound
   */
  public ManagementServer(
      int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    this(port, live, ready, Optional.of(new MetricsScrape(registry)));
  }

  private ManagementServer(
      int port, BooleanSupplier live, BooleanSupplier ready, Optional<MetricsScrape> metrics)
      throws IOException {
    server = BoundedServer.start("management-http", port, LIMITS, new Routes(live, ready, metrics));
  }

  /**
   * Starts serving the probes only ({@code /metrics} is 404 here): for a process whose metrics are
   * served over HTTPS to authorized clients by a {@link SecureMetricsServer}.
   *
   * @throws IOException if the port cannot be bound
   */
  public static ManagementServer probesOnly(int port, BooleanSupplier live, BooleanSupplier ready)
      throws IOException {
    return new ManagementServer(port, live, ready, Optional.empty());
  }

  /** The port actually bound (useful when 0 asked for any free one). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  private static final class Routes extends Handler.Abstract {

    private final BooleanSupplier live;
    private final BooleanSupplier ready;
    private final Optional<MetricsScrape> metrics;

    Routes(BooleanSupplier live, BooleanSupplier ready, Optional<MetricsScrape> metrics) {
      this.live = live;
      this.ready = ready;
      this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      switch (Request.getPathInContext(request)) {
        case "/healthz" -> probe(response, callback, live.getAsBoolean());
        case "/readyz" -> probe(response, callback, ready.getAsBoolean());
        case "/metrics" ->
            metrics.ifPresentOrElse(
                m -> m.answer(response, callback), () -> notFound(response, callback));
        default -> notFound(response, callback);
      }
      return true;
    }

    private static void probe(Response response, Callback callback, boolean ok) {
      Responses.write(
          response, callback, ok ? 200 : 503, Responses.TEXT, ok ? "ok\n" : "not ready\n");
    }
  }

  static void notFound(Response response, Callback callback) {
    Responses.write(response, callback, 404, Responses.TEXT, "not found\n");
  }
}
