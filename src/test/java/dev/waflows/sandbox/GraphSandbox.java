package dev.waflows.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of Meta's Graph API {@code whatsapp_business_encryption} endpoint on a loopback port, with
 * switches to make it fail and counters to see what a client did.
 *
 * <pre>{@code
 * try (GraphSandbox graph = GraphSandbox.start()) {
 *   graph.failNext(1, 500, 2);
 *   // point the client at graph.baseUrl(), then:
 *   assertThat(graph.postCount("106540352242922")).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Every switch takes effect for the next request. {@link #reset()} clears what was
 * recorded or stored and the per-number switches, but keeps the server-wide settings (tokens,
 * shape, latency, rate, versions), since those are the standalone server's command-line
 * configuration.
 */
public final class GraphSandbox implements AutoCloseable {
  // Enough workers that added latency overlaps instead of queueing, small enough for a 2-core box.
  private static final int WORKER_THREADS = 32;

  private final HttpServer server;
  private final ExecutorService workers;
  private final AccessRules access = new AccessRules();
  private final FaultPlan faults = new FaultPlan();
  private final KeyRegistry keys = new KeyRegistry();
  private final RequestStats stats = new RequestStats();
  private final ApiVersions versions = new ApiVersions();
  private final GraphEndpointHandler graph;

  private GraphSandbox(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
    this.graph = new GraphEndpointHandler(access, faults, keys, stats, versions);
    server.createContext("/", graph);
    server.createContext("/_sandbox/", new AdminHandler(this));
    server.setExecutor(workers);
    server.start();
  }

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static GraphSandbox start() {
    return start("127.0.0.1", 0);
  }

  /**
   * Starts on the given loopback address and port (0 for an ephemeral one).
   *
   * @throws IllegalArgumentException if {@code bind} is not a loopback address: the sandbox accepts
   *     any token and has unauthenticated admin routes, so it must never face a network
   */
  public static GraphSandbox start(String bind, int port) {
    return start(bind, port, WORKER_THREADS);
  }

  /**
   * Starts on an ephemeral port of 127.0.0.1 with {@code workers} threads: at least as many as the
   * client may have calls in flight, or the added latency queues and the sandbox, not the client,
   * sets the rate (32 workers at 150 ms answer at most 213 calls a second).
   */
  public static GraphSandbox start(int workers) {
    return start("127.0.0.1", 0, workers);
  }

  private static GraphSandbox start(String bind, int port, int workerThreads) {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve bind address " + bind, e);
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "refusing to bind the Graph sandbox to non-loopback address " + bind);
    }
    ExecutorService workers = Executors.newFixedThreadPool(workerThreads, new DaemonThreads());
    try {
      return new GraphSandbox(
          HttpServer.create(new InetSocketAddress(address, port), 128), workers);
    } catch (IOException e) {
      workers.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + bind + ":" + port, e);
    }
  }

  /** The URL to use as the client's Graph base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    InetAddress address = server.getAddress().getAddress();
    String host = address.getHostAddress();
    return "http://"
        + (address instanceof Inet6Address ? "[" + host + "]" : host)
        + ":"
        + server.getAddress().getPort();
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  // ---- access switches ----

  /** Accepts only these bearer tokens; with none given, any non-blank token is accepted. */
  public GraphSandbox acceptTokens(String... tokens) {
    access.acceptTokens(Set.of(tokens));
    return this;
  }

  /** Only these phone numbers exist; with none given, every id of 1 to 20 digits exists. */
  public GraphSandbox knownNumbers(String... ids) {
    access.knownNumbers(Set.of(ids));
    return this;
  }

  /** Makes Graph answer code 100 "Unsupported ... request. Object with ID ..." for this number. */
  public GraphSandbox unknownNumber(String id) {
    access.unknownNumber(id);
    return this;
  }

  /** Makes Graph answer code 10 (number not allow-listed for Flows) for this number. */
  public GraphSandbox denyPermission(String id) {
    access.denyPermission(id);
    return this;
  }

  // ---- behaviour switches ----

  /**
   * The Graph versions served, v21.0 to v24.0 unless set (what Meta serves until 2027-01-21). A
   * call to an older version is served by the oldest of them, and its answer says so in {@code
   * facebook-api-version}, as Meta does once it retires a version; a call to any other version is
   * refused with a Graph error.
   */
  public GraphSandbox serveVersions(String... versions) {
    this.versions.serve(List.of(versions));
    return this;
  }

  /** The Graph versions served, oldest first. */
  public List<String> servedVersions() {
    return versions.served();
  }

  /** The shape of GET answers; {@link Shape#WRAPPED} unless set. */
  public GraphSandbox setShape(Shape shape) {
    graph.setShape(shape);
    return this;
  }

  /**
   * Fails the next {@code n} Graph calls (after any already queued) with this HTTP status and Graph
   * error code, e.g. {@code (1, 500, 2)} for a transient error or {@code (1, 429, 80007)}.
   */
  public GraphSandbox failNext(int n, int httpStatus, int code) {
    faults.failNext(n, httpStatus, code);
    return this;
  }

  /** Adds this delay to every Graph call; zero unless set. */
  public GraphSandbox setLatency(Duration latency) {
    faults.setLatency(latency);
    return this;
  }

  /**
   * Limits all Graph calls together to {@code rps} a second (burst: one second's worth); calls over
   * it get HTTP 429, code 80007, {@code Retry-After: 1}. Infinity removes the limit.
   */
  public GraphSandbox setRateLimit(double rps) {
    faults.setRateLimit(rps);
    return this;
  }

  /** Removes the rate limit. */
  public GraphSandbox removeRateLimit() {
    return setRateLimit(Double.POSITIVE_INFINITY);
  }

  // ---- stored keys ----

  /**
   * Sets the stored key's status to MISMATCH, as when Meta's signature check fails, until the next
   * successful POST for the number.
   *
   * @throws IllegalStateException if no key is stored for the number
   */
  public GraphSandbox markMismatch(String id) {
    keys.markMismatch(id);
    return this;
  }

  /**
   * Stores a key as if someone else had registered it (drift). A {@code null} pem removes the key;
   * a {@code null} status simulates an answer without one.
   */
  public GraphSandbox setStoredKey(String id, String pem, String status) {
    keys.set(id, pem, status);
    return this;
  }

  /** The key stored for the number, if any. */
  public Optional<StoredKey> storedKey(String id) {
    return keys.get(id);
  }

  // ---- counters ----

  /** Every key ever posted for the number, oldest first. */
  public List<String> postedKeys(String id) {
    return keys.postedKeys(id);
  }

  /** GETs received for the number, whatever their outcome (failures and refusals included). */
  public int getCount(String id) {
    return stats.gets(id);
  }

  /** POSTs received for the number, whatever their outcome. */
  public int postCount(String id) {
    return stats.posts(id);
  }

  /** GETs received on the encryption endpoint, all numbers together. */
  public int totalGets() {
    return stats.totalGets();
  }

  /** POSTs received on the encryption endpoint, all numbers together. */
  public int totalPosts() {
    return stats.totalPosts();
  }

  /** Calls refused by the rate limit. */
  public int rateLimitedCount() {
    return stats.rateLimitedCount();
  }

  /** The most Graph calls seen in flight at once. */
  public int maxConcurrent() {
    return stats.maxConcurrent();
  }

  /** The Graph calls answered, oldest first (the last 10,000); never holds a token. */
  public List<RequestRecord> requests() {
    return stats.requests();
  }

  /**
   * Calls on the encryption endpoint per wall-clock second (every call, refused ones included) and
   * how many of them the rate limit refused, oldest first; the last hour.
   */
  public List<SecondCount> timeline() {
    return stats.timeline();
  }

  /** When the rate limit first refused a call since the start or the last reset. */
  public Optional<Instant> firstRateLimited() {
    return stats.firstRateLimited();
  }

  /** Clears stored keys, counters, the log, queued failures and the per-number switches. */
  public void reset() {
    keys.clear();
    stats.reset();
    faults.reset();
    access.resetNumbers();
  }

  Map<String, Object> statsSnapshot() {
    return stats.snapshot();
  }

  /** Stops listening at once; calls still in flight are dropped. */
  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  /** Daemon workers, so a test that forgets to close the sandbox cannot hang the JVM. */
  private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "graph-sandbox-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
