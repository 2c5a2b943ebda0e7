package dev.waflows.operator.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a collection (e.g. all Secrets, or the Secrets of one namespace) for metadata only: both
 * the list that finds where to start and the watch ask the API server for {@code
 * PartialObjectMetadata}, with no fall-back to whole objects, so a Secret's data is never sent to
 * the operator (Kubernetes 1.15 and later). What arrives anyway (a server that ignores the header)
 * is read by {@link MetadataEventParser}, which looks at nothing but names and versions.
 *
 * <p>The watch runs over a WebSocket, as Fabric8's own watches do (the API server negotiates the
 * same representation for it as for a streamed GET). It starts from a list with {@code limit=1}
 * (only its resourceVersion is read), asks for bookmarks, and resumes from the last version it saw
 * whenever the server ends the stream ({@code timeoutSeconds}, 5 to 10 minutes, as client-go does).
 * When the server has forgotten that version (410 Gone) it lists again and tells the listener that
 * changes may have been missed. While the API server cannot be reached it retries with exponential
 * backoff and reports itself unhealthy. Nothing is cached: memory does not grow with the number of
 * objects watched.
 */
public final class MetadataWatch implements AutoCloseable {

  /** What a watch reports. Called from HTTP client threads; must not block for long. */
  public interface Listener {

    /** An object was added, changed or deleted. */
    void changed(String namespace, String name);

    /** The watch had to start again from a fresh list: changes since the last event may be lost. */
    void mayHaveMissedChanges();
  }

  /**
   * How long to wait between attempts and how long the server keeps one watch open.
   *
   * @param firstRetry the wait after the first failure, doubled after each further one
   * @param maxRetry the longest wait between attempts
   * @param serverTimeout the server ends a watch after this to this times two (random)
   * @param requestTimeout the longest a list or a WebSocket handshake may take
   */
  public record Timing(
      Duration firstRetry, Duration maxRetry, Duration serverTimeout, Duration requestTimeout) {

    /** One second doubling to a minute; watches of 5 to 10 minutes, as client-go's reflector. */
    public static final Timing DEFAULT =
        new Timing(
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30));

    Duration retryAfter(int failures) {
      long millis = firstRetry.toMillis() << Math.min(failures - 1, 20);
      return Duration.ofMillis(Math.min(millis, maxRetry.toMillis()));
    }
  }

  /** Metadata of each item of a list; no fall-back to whole objects (that would send data). */
  static final String LIST_ACCEPT =
      "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

  /** Metadata of each object of a watch event; no fall-back either. */
  static final String WATCH_ACCEPT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

  private static final Logger LOG = LoggerFactory.getLogger(MetadataWatch.class);

  private final HttpClient http;
  private final URI collection;
  private final String description;
  private final Listener listener;
  private final Timing timing;
  private final Consumer<String> wireTap;
  private final ScheduledExecutorService scheduler;
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

  // Written on the scheduler thread and by WebSocket callbacks of the current connection.
  private volatile boolean running;
  private volatile String resourceVersion;
  private volatile boolean relisting;
  private volatile Connection current;
  private final AtomicInteger failures = new AtomicInteger();
  private volatile boolean connectedOnce;

  /**
   * A watch of all Secrets of the cluster (namespace null) or of one namespace.
   *
   * @param client whose HTTP client (authentication, TLS, proxy) and master URL are used
   */
  public static MetadataWatch secrets(
      KubernetesClient client, String namespace, Listener listener, Timing timing) {
    String base = client.getMasterUrl().toString().replaceAll("/+$", "");
    String path =
        namespace == null ? "/api/v1/secrets" : "/api/v1/namespaces/" + namespace + "/secrets";
    String description = namespace == null ? "Secrets (all namespaces)" : "Secrets in " + namespace;
    return new MetadataWatch(
        client.getHttpClient(), URI.create(base + path), description, listener, timing, s -> {});
  }

  /**
   * @param wireTap sees every message exactly as the server sent it (tests count and search the
   *     bytes received); never logged
   */
  MetadataWatch(
      HttpClient http,
      URI collection,
      String description,
      Listener listener,
      Timing timing,
      Consumer<String> wireTap) {
    this.http = http;
    this.collection = collection;
    this.description = description;
    this.listener = listener;
    this.timing = timing;
    this.wireTap = wireTap;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "metadata-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching in the background; {@link #awaitOpen} waits for the first connection. */
  public void start() {
    running = true;
    scheduler.execute(this::connect);
  }

  /**
   * Waits up to {@code wait} for the watch to be open for the first time. When it is not (the API
   * server cannot be reached), the watch keeps retrying in the background and {@link #isHealthy()}
   * stays false until it succeeds.
   *
   * @return whether the watch has been open
   */
  public boolean awaitOpen(Duration wait) {
    try {
      firstConnection.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      LOG.warn("watch of {} not open yet; still trying", description);
      return false;
    } catch (ExecutionException e) {
      return false; // never completed exceptionally
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops watching; no listener call happens after this returns. */
  @Override
  public void close() {
    running = false;
    Connection c = current;
    current = null;
    if (c != null) {
      c.close();
    }
    scheduler.shutdownNow();
  }

  /** Open, or reconnecting after the server ended a watch normally. False after any failure. */
  public boolean isHealthy() {
    return running && connectedOnce && failures.get() == 0;
  }

  private void connect() {
    if (!running) {
      return;
    }
    try {
      if (resourceVersion == null) {
        // A watch without a resourceVersion replays every object as ADDED: start from now.
        resourceVersion = listResourceVersion();
        if (relisting) {
          relisting = false;
          listener.mayHaveMissedChanges();
        }
      }
    } catch (Exception e) {
      failed("list", e);
      return;
    }
    Connection c = new Connection();
    current = c;
    try {
      http.newWebSocketBuilder()
          .setHeader("Accept", WATCH_ACCEPT)
          // The API server's WebSocket handshake refuses (403) a request without an Origin.
          .setHeader("Origin", origin())
          .connectTimeout(timing.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .uri(watchUri(resourceVersion))
          .buildAsync(c)
          .whenComplete(
              (ws, error) -> {
                if (error != null) {
                  c.handshakeFailed(unwrap(error));
                }
              });
    } catch (RuntimeException e) {
      // Refused before any request was sent (a client shutting down, no thread to run it): it
      // is a failed attempt like any other, retried with backoff and reported unhealthy; thrown
      // out of this task, it would end the watch for good while it still looked healthy.
      c.handshakeFailed(e);
    }
  }

  private String listResourceVersion() throws IOException, InterruptedException {
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(URI.create(collection + "?limit=1"))
            .setHeader("Accept", LIST_ACCEPT)
            .timeout(timing.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .build();
    HttpResponse<InputStream> response;
    try {
      response =
          http.sendAsync(request, InputStream.class)
              .get(timing.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("list failed: " + describe(unwrap(e)));
    }
    try (InputStream body = response.body()) {
      if (!response.isSuccessful()) {
        // The body is a Status; not read (nor logged).
        throw new IOException("list answered HTTP " + response.code());
      }
      return MetadataEventParser.listResourceVersion(body);
    }
  }

  private String origin() {
    return collection.getScheme() + "://" + collection.getAuthority();
  }

  private URI watchUri(String from) {
    long timeout =
        timing.serverTimeout().toSeconds()
            + ThreadLocalRandom.current().nextLong(timing.serverTimeout().toSeconds() + 1);
    return URI.create(
        collection
            + "?watch=true&allowWatchBookmarks=true&timeoutSeconds="
            + timeout
            + "&resourceVersion="
            + URLEncoder.encode(from, StandardCharsets.UTF_8));
  }

  /** One attempt to list or watch failed: retry after a backoff that grows with each failure. */
  private void failed(String what, Throwable cause) {
    int n = failures.incrementAndGet();
    Duration wait = timing.retryAfter(n);
    if (n == 1) {
      LOG.warn("{} of {} failed ({}); retrying", what, description, describe(cause));
    } else {
      LOG.debug(
          "{} of {} failed {} times ({}); retrying in {}",
          what,
          description,
          n,
          describe(cause),
          wait);
    }
    schedule(wait);
  }

  private void schedule(Duration wait) {
    after(wait, this::connect);
  }

  private void after(Duration wait, Runnable task) {
    if (!running) {
      return;
    }
    try {
      scheduler.schedule(task, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** Exception class and its own message only: no response body is ever part of it. */
  private static String describe(Throwable t) {
    if (t instanceof WebSocketHandshakeException h) {
      return "HTTP " + h.getResponse().code();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One WebSocket; its callbacks are ignored once another connection replaced it. */
  private final class Connection implements WebSocket.Listener {
    private volatile WebSocket socket;
    private volatile long openedAt;
    private boolean ended;

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      if (!isCurrent()) {
        close();
        return;
      }
      openedAt = System.nanoTime();
      if (failures.getAndSet(0) > 0) {
        LOG.info("watch of {} open again", description);
      }
      connectedOnce = true;
      firstConnection.complete(null);
      // A connection that died without a word would otherwise hang: the server always ends a
      // watch by timeoutSeconds, so one still open long after that is dead.
      after(
          timing.serverTimeout().multipliedBy(2).plus(timing.requestTimeout()),
          () -> {
            if (isCurrent()) {
              LOG.info("watch of {} still open past its timeout; reconnecting", description);
              end(null);
            }
          });
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      if (!isCurrent()) {
        return;
      }
      wireTap.accept(text);
      try {
        handle(MetadataEventParser.event(text));
      } catch (MalformedWatchMessageException e) {
        LOG.warn("ignored a message on the watch of {}: {}", description, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("listener failed on the watch of {}: {}", description, describe(e));
      }
      webSocket.request();
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
      onMessage(webSocket, StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Override
    public void onClose(WebSocket webSocket, int code, String reason) {
      webSocket.sendClose(1000, null);
      if (!isCurrent()) {
        return;
      }
      // The server ends every watch after timeoutSeconds; only a watch that ends at once is a
      // failure (it would otherwise reconnect in a tight loop).
      boolean lastedAWhile = System.nanoTime() - openedAt >= timing.firstRetry().toNanos();
      end(lastedAWhile ? null : new IOException("watch closed at once (code " + code + ")"));
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      end(error);
    }

    void handshakeFailed(Throwable error) {
      if (error instanceof WebSocketHandshakeException h && h.getResponse().code() == 410) {
        expired();
        return;
      }
      end(error);
    }

    private void handle(MetadataEvent event) {
      if (event.isExpired()) {
        expired();
        return;
      }
      if (event.type() == MetadataEvent.Type.ERROR) {
        end(new IOException("watch ended with an error event (code " + event.code() + ")"));
        return;
      }
      resourceVersion = event.resourceVersion();
      if (event.isChange()) {
        listener.changed(event.namespace(), event.name());
      }
    }

    /** The server no longer has our resourceVersion: list again, then watch from there. */
    private void expired() {
      if (!isCurrent()) {
        return;
      }
      LOG.info("watch of {} expired (410 Gone); listing again", description);
      resourceVersion = null;
      relisting = true;
      end(null);
    }

    /** Ends this connection once; reconnects at once after a normal end, else after a backoff. */
    private synchronized void end(Throwable error) {
      if (ended || !isCurrent()) {
        return;
      }
      ended = true;
      current = null;
      close();
      if (error == null) {
        schedule(Duration.ZERO);
      } else {
        failed("watch", error);
      }
    }

    private boolean isCurrent() {
      return running && current == this;
    }

    void close() {
      WebSocket s = socket;
      if (s != null) {
        s.sendClose(1000, null);
      }
    }
  }
}
