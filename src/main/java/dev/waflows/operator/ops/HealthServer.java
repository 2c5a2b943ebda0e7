package dev.waflows.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves /healthz (the process answers), /readyz (the operator can do its job) and /metrics
 * (Prometheus text format) on one port.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  public HealthServer(
      int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    exactly("/healthz", ex -> probe(ex, live.getAsBoolean()));
    exactly("/readyz", ex -> probe(ex, ready.getAsBoolean()));
    exactly(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    server.start();
  }

  /** The port actually bound (useful when 0 asked for any free one). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A context answers every path under it: only the path itself is served here. */
  private void exactly(String path, HttpHandler handler) {
    server.createContext(
        path,
        ex -> {
          if (path.equals(ex.getRequestURI().getPath())) {
            handler.handle(ex);
          } else {
            respond(ex, 404, "text/plain; charset=utf-8", "not found\n");
          }
        });
  }

  private static void probe(HttpExchange ex, boolean ok) throws IOException {
    respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "health-http");
      t.setDaemon(true);
      return t;
    };
  }
}
