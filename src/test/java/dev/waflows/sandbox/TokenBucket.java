package dev.waflows.sandbox;

/**
 * A global token bucket: {@code ratePerSecond} permits a second with a burst of one second's worth
 * (at least one), so a client that stays under the rate is never refused.
 *
 * <p>Starts full, and is synchronized: calls are short and contention is only between the sandbox's
 * own worker threads.
 */
final class TokenBucket {
  private final double permitsPerNano;
  private final double capacity;
  private double available;
  private long lastRefillNanos;

  TokenBucket(double ratePerSecond) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive finite number: " + ratePerSecond);
    }
    this.permitsPerNano = ratePerSecond / 1_000_000_000d;
    this.capacity = Math.max(1d, ratePerSecond);
    this.available = capacity;
    this.lastRefillNanos = System.nanoTime();
  }

  /** Takes one permit if there is one; never blocks, because Graph refuses rather than queues. */
  synchronized boolean tryAcquire() {
    long now = System.nanoTime();
    available = Math.min(capacity, available + (now - lastRefillNanos) * permitsPerNano);
    lastRefillNanos = now;
    if (available >= 1d) {
      available -= 1d;
      return true;
    }
    return false;
  }
}
