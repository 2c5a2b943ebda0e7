package dev.waflows.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /_sandbox/stats} and {@code POST /_sandbox/reset}, for scripts driving the standalone
 * server. Unauthenticated on purpose: the server only ever binds to loopback.
 */
final class AdminHandler implements HttpHandler {
  private final GraphSandbox sandbox;

  AdminHandler(GraphSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
      String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      Reply reply =
          switch (route) {
            case "GET /_sandbox/stats" -> Reply.ok(sandbox.statsSnapshot());
            case "POST /_sandbox/reset" -> {
              sandbox.reset();
              yield Reply.ok(Map.of("success", true));
            }
            default ->
                Reply.of(
                    404,
                    Map.of(
                        "error", "no such admin route: GET /_sandbox/stats, POST /_sandbox/reset"));
          };
      reply.send(exchange);
    }
  }
}
