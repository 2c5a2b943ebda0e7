package dev.waflows.operator.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The app behind the proxy, answering by path: {@code /flow} echoes the request as {@code
 * {"screen":"NEXT","data":<request>}}, {@code /status/<code>} answers that code with a JSON body,
 * {@code /text} answers 200 with text ({@code /text/<code>}: that code), {@code /big} answers 200
 * with a JSON object of {@link #BIG_ANSWER_BYTES}, {@code /hang} answers after {@link #release()}
 * (or 30 s).
 */
public final class FakeApp implements AutoCloseable {

  /** What the app received. */
  public record Received(String path, String contentType, String flowsKey, String body) {}

  static final String SECRET_LOOKING_ERROR = "{\"error\":\"stack trace with internals\"}";

  /** Above the proxy's bound on the app's answer. */
  static final int BIG_ANSWER_BYTES = Upstream.MAX_ANSWER_BYTES + 1;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  public FakeApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Received> received() {
    return received;
  }

  public void release() {
    release.countDown();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().toString();
    received.add(
        new Received(
            path,
            ex.getRequestHeaders().getFirst("Content-Type"),
            ex.getRequestHeaders().getFirst("X-Flows-Key"),
            body));
    if (path.startsWith("/status/")) {
      int code = Integer.parseInt(path.substring("/status/".length()));
      String answer =
          code == 427 ? "{\"error_msg\":\"This flow has expired\"}" : SECRET_LOOKING_ERROR;
      respond(ex, code, answer);
    } else if (path.startsWith("/text")) {
      int code = path.length() > "/text/".length() ? Integer.parseInt(path.substring(6)) : 200;
      respond(ex, code, "plain words, not JSON");
    } else if (path.equals("/big")) {
      String head = "{\"data\":\"";
      String tail = "\"}";
      respond(ex, 200, head + "x".repeat(BIG_ANSWER_BYTES - head.length() - tail.length()) + tail);
    } else if (path.equals("/hang")) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(ex, 200, "{\"data\":{\"late\":true}}");
    } else {
      respond(ex, 200, "{\"screen\":\"NEXT\",\"data\":" + body + "}");
    }
  }

  private static void respond(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
