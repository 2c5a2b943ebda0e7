package dev.waflows.operator.graph;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: retry {@code n} waits between half and all of {@code initial ×
 * 2^(n-1)}, capped at {@link #MAX_DELAY}. Jitter spreads the retries of many callers that failed
 * together; keeping at least half avoids retrying at once.
 */
final class Backoff {

  static final Duration MAX_DELAY = Duration.ofMinutes(1);

  private final long initialNanos;
  private final DoubleSupplier random;

  /**
   * @param random values in [0, 1)
   */
  Backoff(Duration initial, DoubleSupplier random) {
    this.initialNanos = initial.toNanos();
    this.random = random;
  }

  /** The wait before retry {@code retry} (1 for the first retry). */
  Duration delayBeforeRetry(int retry) {
    long cap = MAX_DELAY.toNanos();
    int shift = Math.max(0, Math.min(retry - 1, 30));
    long base = initialNanos > (cap >> shift) ? cap : Math.min(cap, initialNanos << shift);
    double factor = 0.5 + 0.5 * Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos((long) (base * factor));
  }
}
