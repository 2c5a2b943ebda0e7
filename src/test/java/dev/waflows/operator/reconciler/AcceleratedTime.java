package dev.waflows.operator.reconciler;

import java.time.Duration;
import java.time.Instant;

/** A {@link TimeSource} whose clock runs {@code speed} times faster than the wall clock. */
public final class AcceleratedTime implements TimeSource {

  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  // Shared by every instance, so an operator restarted in a test sees the clock go on.
  private static final long START_NANOS = System.nanoTime();
  private final long speed;

  public AcceleratedTime(long speed) {
    this.speed = speed;
  }

  @Override
  public Instant now() {
    return start.plusNanos((System.nanoTime() - START_NANOS) * speed);
  }

  @Override
  public Duration realDelay(Duration span) {
    return span.dividedBy(speed);
  }
}
