package dev.waflows.operator.reconciler;

import java.time.Duration;
import java.time.Instant;

/** A clock that stands still until a test moves it; delays are handed out as they are. */
public final class FixedTime implements TimeSource {

  private Instant now = Instant.parse("2026-03-01T10:00:00Z");

  @Override
  public synchronized Instant now() {
    return now;
  }

  public synchronized void advance(Duration span) {
    now = now.plus(span);
  }

  @Override
  public Duration realDelay(Duration span) {
    return span;
  }
}
