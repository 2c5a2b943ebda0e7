package dev.waflows.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The reconciler's sense of time: what time it is, and how long to really wait for a span of that
 * time. In production both are the wall clock; tests run a clock that passes faster so that
 * hour-long verify intervals can be watched in seconds, with the same code.
 */
public interface TimeSource {

  Instant now();

  /** The real delay to hand to the scheduler for {@code span} of this source's time. */
  Duration realDelay(Duration span);

  TimeSource SYSTEM = system(Clock.systemUTC());

  static TimeSource system(Clock clock) {
    return new TimeSource() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public Duration realDelay(Duration span) {
        return span;
      }
    };
  }
}
