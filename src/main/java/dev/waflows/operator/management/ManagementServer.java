package dev.waflows.operator.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@code /healthz} (the process answers), {@code /readyz} (it can do its job) and {@code
 * /metrics} (Prometheus text format) on one port.
 *
 * <p>Liveness must not depend on anything slow: the probes are answered from a supplier, and at
 * most {@link #CONCURRENT_SCRAPES} scrapes run at once (others get 503), so the threads left always
 * answer the probes. Slow or silent clients hold no thread (see {@link BoundedServer}).
 */
public final class ManagementServer implements AutoCloseable {

  static final int CONCURRENT_SCRAPES = 2;

  private static final BoundedServer.Limits LIMITS =
      new BoundedServer.Limits(8, 256, Duration.ofSeconds(10), Duration.ZERO);
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final BoundedServer server;

  /**
   * Starts serving.
   *
   * @param port the port (0: any free port)
   * @throws IOException if the port cannot be bound
   */
  public ManagementServer(
      int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    server =
        BoundedServer.start("management-http", port, LIMITS, new Routes(live, ready, registry));
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
    private final PrometheusMeterRegistry registry;
    private final Semaphore scrapes = new Semaphore(CONCURRENT_SCRAPES);

    Routes(BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry) {
      this.live = live;
      this.ready = ready;
      this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      switch (Request.getPathInContext(request)) {
        case "/healthz" -> probe(response, callback, live.getAsBoolean());
        case "/readyz" -> probe(response, callback, ready.getAsBoolean());
        case "/metrics" -> metrics(response, callback);
        default -> respond(response, callback, 404, TEXT, "not found\n");
      }
      return true;
    }

    private void metrics(Response response, Callback callback) {
      if (!scrapes.tryAcquire()) {
        respond(response, callback, 503, TEXT, "busy: another scrape is running\n");
        return;
      }
      String body;
      try {
        body = registry.scrape();
      } finally {
        scrapes.release();
      }
      respond(response, callback, 200, PROMETHEUS_TEXT, body);
    }

    private static void probe(Response response, Callback callback, boolean ok) {
      respond(response, callback, ok ? 200 : 503, TEXT, ok ? "ok\n" : "not ready\n");
    }
  }

  private static void respond(
      Response response, Callback callback, int status, String type, String body) {
    Responses.write(response, callback, status, type, body);
  }
}
