package dev.waflows.operator.reconciler;

import java.time.Duration;
import java.time.Instant;

/** A {@link TimeSource} whose clock runs {@code speed} times faster than the wall clock. */
final class AcceleratedTime implements TimeSource {

  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private final long startNanos = System.nanoTime();
  private final long speed;

  AcceleratedTime(long speed) {
    this.speed = speed;
  }

  @Override
  public Instant now() {
    return start.plusNanos((System.nanoTime() - startNanos) * speed);
  }

  @Override
  public Duration realDelay(Duration span) {
    return span.dividedBy(speed);
  }
}
