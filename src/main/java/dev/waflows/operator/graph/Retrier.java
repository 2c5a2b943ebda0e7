package dev.waflows.operator.graph;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one logical Graph call with bounded retries: at most {@code maxAttempts} tries, and no retry
 * that would start after {@code maxRetryTime} from the first try (so a call takes at most about
 * {@code maxRetryTime} plus one call timeout). Only retryable failures are retried, after {@link
 * Backoff} or the server's hint, whichever is longer. A rate-limit answer also pauses the calling
 * token's {@link RequestBudget}, and only that one.
 */
final class Retrier {

  /** One try; {@code deadlineNanos} is when the whole call must give up waiting. */
  interface Attempt<T> {
    T run(long deadlineNanos) throws GraphApiException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final int maxAttempts;
  private final Duration maxRetryTime;
  private final Backoff backoff;
  private final Ticker time;

  Retrier(int maxAttempts, Duration maxRetryTime, Backoff backoff, Ticker time) {
    this.maxAttempts = maxAttempts;
    this.maxRetryTime = maxRetryTime;
    this.backoff = backoff;
    this.time = time;
  }

  /**
   * @param what for log lines, e.g. {@code "GET 106540352242922"}
   * @param budget the budget of the token the call uses, paused by a rate-limit answer
   */
  <T> T run(String what, RequestBudget budget, Attempt<T> attempt) throws GraphApiException {
    long deadline = time.nanoTime() + maxRetryTime.toNanos();
    for (int tried = 1; ; tried++) {
      try {
        return attempt.run(deadline);
      } catch (GraphApiException failure) {
        if (!failure.isRetryable()) {
          throw failure;
        }
        Duration hint = failure.retryAfter().orElse(Duration.ZERO);
        Duration delay = max(backoff.delayBeforeRetry(tried), hint);
        boolean rateLimited = failure.reason() == GraphErrorReason.RateLimited;
        if (rateLimited) {
          budget.rateLimited(delay);
        }
        if (tried >= maxAttempts || time.nanoTime() + delay.toNanos() > deadline) {
          LOG.debug("Graph {} gave up after {} attempt(s): {}", what, tried, failure.getMessage());
          // The reconciler reschedules with this, so a final rate limit always carries a wait.
          throw rateLimited ? failure.withRetryAfter(max(delay, budget.remainingPause())) : failure;
        }
        LOG.info(
            "Graph {} failed ({}), attempt {}/{}, retrying in {} ms: {}",
            what,
            failure.reason(),
            tried,
            maxAttempts,
            delay.toMillis(),
            failure.getMessage());
        sleep(delay, failure);
      }
    }
  }

  private void sleep(Duration delay, GraphApiException pending) throws GraphApiException {
    try {
      time.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GraphApiException.builder(
              GraphErrorReason.GraphUnavailable,
              "interrupted while waiting to retry: " + pending.getMessage())
          .cause(e)
          .retryable(false)
          .build();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
