package dev.waflows.operator.graph;

import java.time.Duration;

/**
 * The operator-wide ceiling on Graph request starts per second, across every token. Only spaces
 * starts: a rate-limit answer never lowers or pauses it (that is the per-token {@link
 * RequestBudget}'s job), so no token can use it to stall another. Callers come here after their
 * token's budget let them through, so a paused token holds no place in this queue.
 */
final class RateCeiling {

  private static final long SECOND = 1_000_000_000L;

  private final long intervalNanos;
  private final Ticker time;

  // Guarded by this.
  private long nextStartNanos;

  RateCeiling(double requestsPerSecond, Ticker time) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive");
    }
    this.intervalNanos = Math.max(1, Math.round(SECOND / requestsPerSecond));
    this.time = time;
    this.nextStartNanos = time.nanoTime();
  }

  /**
   * Waits for a start time no later than {@code deadlineNanos}.
   *
   * @throws GraphApiException {@code RateLimited} (not retryable, with the wait) when there is none
   */
  void awaitStart(long deadlineNanos) throws GraphApiException, InterruptedException {
    long start;
    synchronized (this) {
      start = Math.max(time.nanoTime(), nextStartNanos);
      if (start > deadlineNanos) {
        throw GraphApiException.notSent(
            GraphErrorReason.RateLimited,
            "request not sent: the operator's Graph API request rate is used up",
            Duration.ofNanos(start - time.nanoTime()));
      }
      nextStartNanos = start + intervalNanos;
    }
    long wait = start - time.nanoTime();
    if (wait > 0) {
      time.sleep(Duration.ofNanos(wait));
    }
  }
}
