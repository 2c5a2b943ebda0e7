package dev.waflows.operator.proxy;

import static dev.waflows.operator.proxy.RunningProxy.APP_SECRET;
import static dev.waflows.operator.proxy.RunningProxy.KEY_A;
import static dev.waflows.operator.proxy.RunningProxy.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.flows.SealedRequest;
import dev.waflows.operator.management.BoundedServer;
import dev.waflows.operator.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections that misbehave, bodies over the limit, and the graceful stop. */
class ProxyConnectionsTest {

  @TempDir Path root;

  @Test
  void slowClientsHoldNoThreadAndAreDroppedAfterTheIdleTimeout() throws Exception {
    BoundedServer.Limits limits =
        new BoundedServer.Limits(8, 64, Duration.ofMillis(500), Duration.ofSeconds(10));
    List<Socket> slow = new ArrayList<>();
    try (RunningProxy p = RunningProxy.start(root, limits)) {
      // More than the server has threads, each one byte of a request and then nothing.
      for (int i = 0; i < 16; i++) {
        Socket s = new Socket("127.0.0.1", p.proxy.port());
        s.getOutputStream().write('P');
        s.getOutputStream().flush();
        slow.add(s);
      }
      // And one that sends its headers and a part of the body.
      Socket partBody = new Socket("127.0.0.1", p.proxy.port());
      partBody.getOutputStream().write(head(1000).getBytes(StandardCharsets.US_ASCII));
      partBody.getOutputStream().write(new byte[10]);
      slow.add(partBody);

      long start = System.nanoTime();
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);
      assertThat(Http.status(p.proxy.managementPort(), "/healthz")).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

      for (Socket s : slow) {
        s.setSoTimeout(5_000);
        assertThat(readAll(s.getInputStream()))
            .as("the proxy closed the silent connection")
            .doesNotContain(" 200 ");
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413WithoutReadingTheRest() throws Exception {
    try (RunningProxy p = RunningProxy.start(root, "--max-body-bytes=1000");
        Socket s = new Socket("127.0.0.1", p.proxy.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(head(1_000_000).getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[100]);
      out.flush();
      // The answer comes while 999,900 bytes are still unsent.
      String answer = readAll(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
      assertThat(p.app.received()).isEmpty();
      assertThat(p.metrics())
          .contains("flows_proxy_requests_total{key=\"none\",outcome=\"too_large\"} 1.0");
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIs413WhenItCrossesTheLimit() throws Exception {
    try (RunningProxy p = RunningProxy.start(root, "--max-body-bytes=1000");
        Socket s = new Socket("127.0.0.1", p.proxy.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /flow HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 3; i++) {
        out.write("258\r\n".getBytes(StandardCharsets.US_ASCII)); // 600 bytes
        out.write(new byte[600]);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 413 ");
      assertThat(p.app.received()).isEmpty();
    }
  }

  @Test
  void aBodyAtTheLimitIsRead() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      SealedRequest sealed = p.seal(request(), KEY_A);
      int size = sealed.body().toJson().length;
      try (RunningProxy exact =
          RunningProxy.start(root.resolve("exact"), "--max-body-bytes=" + size)) {
        assertThat(exact.post("/flow", sealed).statusCode()).isEqualTo(200);
      }
      try (RunningProxy under =
          RunningProxy.start(root.resolve("under"), "--max-body-bytes=" + (size - 1))) {
        assertThat(under.post("/flow", sealed).statusCode()).isEqualTo(413);
      }
    }
  }

  @Test
  void closingLetsTheRequestInFlightFinish() throws Exception {
    try (RunningProxy p = RunningProxy.start(root)) {
      SealedRequest sealed = p.seal(request(), KEY_A);
      CompletableFuture<HttpResponse<String>> inFlight =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return p.post("/hang", sealed);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !p.app.received().isEmpty());

      int port = p.proxy.port();
      CompletableFuture<Void> closed = CompletableFuture.runAsync(p.proxy::close);
      Thread.sleep(1_000); // ten times the idle timeout at shutdown
      assertThat(closed).isNotDone();
      assertThat(connects(port)).as("new connections are refused while draining").isFalse();
      p.app.release();

      HttpResponse<String> r = inFlight.get(5, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(p.cipher.openResponse(r.body(), sealed)).isNotEmpty();
      closed.get(5, TimeUnit.SECONDS);
    }
  }

  private static boolean connects(int port) {
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String head(int contentLength) {
    byte[] unused =
        RequestSignature.sign(APP_SECRET, new byte[0]).getBytes(StandardCharsets.US_ASCII);
    return "POST /flow HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\n"
        + "X-Hub-Signature-256: "
        + new String(unused, StandardCharsets.US_ASCII)
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** Everything until the other side closes (or 5 s pass). */
  private static String readAll(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection is still open after 5 s; read: " + text);
    } catch (IOException e) {
      // reset by the server: closed
    }
    return text.toString();
  }
}
