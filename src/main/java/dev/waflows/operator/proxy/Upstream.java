package dev.waflows.operator.proxy;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The app behind the proxy, called over pooled HTTP/1.1 connections without blocking a thread while
 * the app works. It runs on the threads of the server it is part of ({@link #runOn}): the answer is
 * read, sealed and written by one pool thread, with no pool or thread of its own. (The JDK's {@code
 * HttpClient} hands every answer of {@code sendAsync} to the common pool, which on a 2-core machine
 * means a new thread per answer.)
 *
 * <p>Everything is bounded: connections to the app, requests waiting for one, the time a call may
 * take and the size of the answer read.
 */
final class Upstream extends ContainerLifeCycle {

  /**
   * The largest answer read from the app; a larger one is 502, never buffered. Flows screens carry
   * kilobytes (images included); the bound keeps a runaway answer from filling the heap.
   */
  static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

  /** Connections to the app; requests beyond them wait (within their timeout) for a free one. */
  static final int MAX_CONNECTIONS = 256;

  private static final String APPLICATION_JSON = "application/json";

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
  private final long timeoutMillis;
  private final HttpClient client;

  /**
   * @param maxWaiting requests that may wait for a connection: as many as the proxy takes in, so
   *     that waiting is bounded by the timeout, not refused early
   */
  Upstream(URI base, Duration timeout, int maxWaiting) {
    String text = base.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.timeoutMillis = timeout.toMillis();
    // One selector thread for all connections to the app.
    client = new HttpClient(new HttpClientTransportOverHTTP(1));
    client.setFollowRedirects(false);
    client.setConnectTimeout(timeoutMillis);
    client.setIdleTimeout(ProxyServer.LIMITS.idleTimeout().toMillis());
    client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
    client.setMaxRequestsQueuedPerDestination(maxWaiting);
    client.setUserAgentField(null);
    // No Accept-Encoding: the app answers plain JSON, as to any client that asks for nothing.
    client.getContentDecoderFactories().clear();
    addBean(client, true);
  }

  /** The threads the calls run on; before the start. */
  void runOn(Executor executor) {
    client.setExecutor(executor);
  }

  /**
   * POSTs the decrypted request to the app's base URL + {@code pathAndQuery}; {@code then} gets the
   * answer, once, on one of the server's threads (or this one if the URL is unusable).
   *
   * @param keySlot {@code current} or {@code previous}, sent as {@code X-Flows-Key}
   */
  void post(String pathAndQuery, byte[] json, KeySlot keySlot, Consumer<Answer> then) {
    Request request;
    try {
      request = client.newRequest(URI.create(base + pathAndQuery));
    } catch (IllegalArgumentException e) {
      then.accept(Answer.unreachable());
      return;
    }
    request
        .method(HttpMethod.POST)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .headers(h -> h.put("X-Flows-Key", keySlot.label))
        .body(new BytesRequestContent(APPLICATION_JSON, json))
        .send(
            new BufferingResponseListener(MAX_ANSWER_BYTES) {
              @Override
              public void onComplete(Result result) {
                then.accept(answer(result, this));
              }
            });
  }

  private static Answer answer(Result result, BufferingResponseListener body) {
    if (result.isSucceeded()) {
      return new Answer(result.getResponse().getStatus(), body.getContent(), false);
    }
    Throwable failure = result.getFailure();
    return failure instanceof TimeoutException || failure instanceof SocketTimeoutException
        ? Answer.timeout()
        : Answer.unreachable();
  }
}
