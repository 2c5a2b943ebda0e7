package dev.waflows.sandbox;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ways the sandbox makes life hard for a client: queued failures, added latency and a global
 * rate limit.
 */
final class FaultPlan {
  /** One injected failure: the HTTP status and the Graph error code to answer with. */
  record Failure(int httpStatus, int code) {}

  // A queue rather than a counter so that tests can script a sequence (e.g. 500, then 429).
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private volatile long latencyNanos;
  private volatile double rateLimitRps = Double.POSITIVE_INFINITY;
  private volatile TokenBucket bucket;

  void failNext(int n, int httpStatus, int code) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("httpStatus must be an error status: " + httpStatus);
    }
    for (int i = 0; i < n; i++) {
      failures.add(new Failure(httpStatus, code));
    }
  }

  /** The failure the current request must answer with, or {@code null}. */
  Failure nextFailure() {
    return failures.poll();
  }

  void setLatency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    latencyNanos = latency.toNanos();
  }

  /** Sleeps for the configured latency, on the worker thread, so concurrency stays observable. */
  void applyLatency() throws InterruptedException {
    long nanos = latencyNanos;
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }

  /** Limits all Graph calls together; infinity removes the limit. */
  void setRateLimit(double rps) {
    rateLimitRps = rps;
    bucket = Double.isInfinite(rps) ? null : new TokenBucket(rps);
  }

  /** Whether the current request fits within the rate limit. */
  boolean tryAcquire() {
    TokenBucket current = bucket;
    return current == null || current.tryAcquire();
  }

  /** Drops queued failures and refills the bucket; latency and rate are configuration, kept. */
  void reset() {
    failures.clear();
    setRateLimit(rateLimitRps);
  }
}
