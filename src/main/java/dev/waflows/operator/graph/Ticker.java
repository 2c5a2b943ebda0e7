package dev.waflows.operator.graph;

import java.time.Duration;
import java.time.Instant;

/**
 * The Graph client's clock: monotonic time for deadlines and pauses, wall-clock time for HTTP
 * dates, and sleeping, behind one seam so tests run backoff, Retry-After and the request budgets
 * without real waits. (Not the reconciler's clock, which tells the time of day for status and
 * schedules.)
 */
interface Ticker {

  /** Monotonic nanoseconds, for deadlines and pauses. */
  long nanoTime();

  /** Wall-clock time, only for HTTP-date {@code Retry-After} values. */
  Instant now();

  /** Blocks for {@code duration} (nothing when zero or negative). */
  void sleep(Duration duration) throws InterruptedException;

  /** The real clock. */
  Ticker SYSTEM =
      new Ticker() {
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
