package dev.waflows.operator.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The app behind the proxy, called over pooled HTTP/1.1 connections (the JDK client keeps them
 * alive between requests), without blocking a server thread while the app works.
 */
final class Upstream implements AutoCloseable {

  /** What the app answered, or that it did not. */
  record Answer(int status, byte[] body, boolean timedOut) {

    static Answer timeout() {
      return new Answer(0, new byte[0], true);
    }

    static Answer unreachable() {
      return new Answer(0, new byte[0], false);
    }
  }

  private final String base;
  private final Duration timeout;
  private final ExecutorService executor;
  private final HttpClient client;

  Upstream(URI base, Duration timeout) {
    String text = base.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.timeout = timeout;
    // The client's own work (completing futures) is short; a small pool keeps it bounded.
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "flows-proxy-upstream");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            // Plain HTTP/1.1: no h2c upgrade attempt on every new connection.
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
  }

  /**
   * POSTs the decrypted request to the app's base URL + {@code pathAndQuery}.
   *
   * @param keySlot {@code current} or {@code previous}, sent as {@code X-Flows-Key}
   * @return completes with the answer; never exceptionally
   */
  CompletableFuture<Answer> post(String pathAndQuery, byte[] json, KeySlot keySlot) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(base + pathAndQuery))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("X-Flows-Key", keySlot.label)
              .POST(HttpRequest.BodyPublishers.ofByteArray(json))
              .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Answer.unreachable());
    }
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure == null) {
                return new Answer(response.statusCode(), response.body(), false);
              }
              Throwable cause =
                  failure instanceof CompletionException ? failure.getCause() : failure;
              return cause instanceof HttpTimeoutException
                  ? Answer.timeout()
                  : Answer.unreachable();
            });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
