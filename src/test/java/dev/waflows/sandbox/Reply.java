package dev.waflows.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer with a JSON body, decided before anything is written so that it can be logged
 * first.
 */
record Reply(int status, Object body, Map<String, String> headers) {
  // ObjectMapper is thread-safe once configured; one instance serves all worker threads.
  private static final ObjectMapper JSON = new ObjectMapper();

  static Reply ok(Object body) {
    return new Reply(200, body, Map.of());
  }

  static Reply of(int status, Object body) {
    return new Reply(status, body, Map.of());
  }

  /** The same answer with one more header. */
  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, Map.copyOf(more));
  }

  void send(HttpExchange exchange) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    // HEAD answers must announce no body, or the JDK server complains and drops it anyway.
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
