package dev.waflows.operator.management;

import dev.waflows.operator.management.AccessReviewer.Access;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decisions about bearer tokens, reviewed by an {@link AccessReviewer} and remembered briefly, as
 * Kubernetes' own delegating authenticator and authorizer do: Prometheus scrapes every 15 to 60 s
 * with the same token, so a remembered decision saves two API calls per scrape.
 *
 * <ul>
 *   <li>Decisions are keyed by the SHA-256 of the token, never by the token itself, so a heap dump
 *       holds no token; at most {@link Settings#maxEntries} are kept, the oldest forgotten first.
 *   <li>An allowed token is remembered for {@link Settings#allowedFor}, a refused one for {@link
 *       Settings#deniedFor}: a newly granted Role takes effect quickly, a revoked one within a
 *       minute.
 *   <li>Reviews run on threads of their own, never on the server's: at most {@link
 *       Settings#reviewsInFlight} at once, one per token however many requests carry it. A request
 *       beyond that is refused at once ({@link Busy}) rather than queued, so a flood of made-up
 *       tokens costs a bounded number of API calls and no server thread.
 *   <li>A review that takes longer than {@link Settings#timeout} fails the request; a failed review
 *       (API server unreachable) is not remembered.
 * </ul>
 */
public final class AccessDecisions implements AutoCloseable {

  /**
   * @param allowedFor how long an {@code ALLOWED} decision is remembered
   * @param deniedFor how long a {@code FORBIDDEN} or {@code UNAUTHENTICATED} one is
   * @param maxEntries decisions remembered at most
   * @param reviewsInFlight reviews running at once at most (one thread each)
   * @param timeout how long a request waits for a review
   */
  public record Settings(
      Duration allowedFor,
      Duration deniedFor,
      int maxEntries,
      int reviewsInFlight,
      Duration timeout) {

    /** One minute allowed, ten seconds denied, 1,024 tokens, 4 reviews at once, 5 s each. */
    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(1), Duration.ofSeconds(10), 1024, 4, Duration.ofSeconds(5));
    }
  }

  /** No decision now: too many reviews are running. */
  public static final class Busy extends RuntimeException {
    Busy() {
      super("too many access reviews in flight", null, false, false);
    }
  }

  private record Remembered(Access access, long expiresAtNanos) {}

  private final AccessReviewer reviewer;
  private final Settings settings;
  private final LongSupplier nanoTime;
  private final ExecutorService reviews;
  private final Semaphore slots;
  private final Map<String, Remembered> remembered;
  private final Map<String, CompletableFuture<Access>> inFlight = new HashMap<>();

  public AccessDecisions(AccessReviewer reviewer, Settings settings) {
    this(reviewer, settings, System::nanoTime);
  }

  AccessDecisions(AccessReviewer reviewer, Settings settings, LongSupplier nanoTime) {
    this.reviewer = reviewer;
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.slots = new Semaphore(settings.reviewsInFlight());
    this.reviews =
        Executors.newFixedThreadPool(
            settings.reviewsInFlight(),
            r -> {
              Thread t = new Thread(r, "metrics-access-review");
              t.setDaemon(true);
              return t;
            });
    this.remembered =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > settings.maxEntries();
          }
        };
  }

  /**
   * The decision about {@code token}: at once when remembered, otherwise once a review ends.
   * Completes exceptionally with {@link Busy}, a {@link java.util.concurrent.TimeoutException}, or
   * whatever the review threw.
   */
  public CompletableFuture<Access> decide(String token) {
    String key = key(token);
    CompletableFuture<Access> started;
    synchronized (this) {
      Remembered r = remembered.get(key);
      if (r != null) {
        if (nanoTime.getAsLong() - r.expiresAtNanos() < 0) {
          return CompletableFuture.completedFuture(r.access());
        }
        remembered.remove(key);
      }
      CompletableFuture<Access> running = inFlight.get(key);
      if (running != null) {
        return withTimeout(running);
      }
      if (!slots.tryAcquire()) {
        return CompletableFuture.failedFuture(new Busy());
      }
      started = new CompletableFuture<>();
      inFlight.put(key, started);
    }
    try {
      reviews.execute(() -> review(key, token, started));
    } catch (RuntimeException rejected) {
      finish(key, started);
      started.completeExceptionally(rejected);
    }
    return withTimeout(started);
  }

  /** Decisions remembered now (expired ones included until looked up or pushed out). */
  synchronized int remembered() {
    return remembered.size();
  }

  @Override
  public void close() {
    reviews.shutdownNow();
  }

  private void review(String key, String token, CompletableFuture<Access> result) {
    try {
      Access access = reviewer.review(token);
      Duration ttl = access == Access.ALLOWED ? settings.allowedFor() : settings.deniedFor();
      synchronized (this) {
        remembered.put(key, new Remembered(access, nanoTime.getAsLong() + ttl.toNanos()));
      }
      finish(key, result);
      result.complete(access);
    } catch (Exception e) {
      finish(key, result);
      result.completeExceptionally(e);
    }
  }

  private synchronized void finish(String key, CompletableFuture<Access> result) {
    inFlight.remove(key, result);
    slots.release();
  }

  /** A view that times out on its own, leaving the shared review (and other waiters) alone. */
  private CompletableFuture<Access> withTimeout(CompletableFuture<Access> review) {
    return review.thenApply(a -> a).orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SHA-256 of the token, hex: what is kept instead of the token. */
  static String key(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
