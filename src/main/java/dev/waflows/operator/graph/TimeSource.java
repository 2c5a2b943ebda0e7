package dev.waflows.operator.graph;

import java.time.Duration;
import java.time.Instant;

/**
 * Monotonic time, wall-clock time and sleeping behind one seam, so tests run backoff, Retry-After
 * and the request budget without real waits.
 */
interface TimeSource {

  /** Monotonic nanoseconds, for deadlines and pauses. */
  long nanoTime();

  /** Wall-clock time, only for HTTP-date {@code Retry-After} values. */
  Instant now();

  /** Blocks for {@code duration} (nothing when zero or negative). */
  void sleep(Duration duration) throws InterruptedException;

  /** The real clock. */
  TimeSource SYSTEM =
      new TimeSource() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          long nanos = duration.toNanos();
          if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
          }
        }
      };
}
