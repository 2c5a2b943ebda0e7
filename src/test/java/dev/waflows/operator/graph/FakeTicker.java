package dev.waflows.operator.graph;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when someone sleeps or the test advances it; records every sleep. */
final class FakeTicker implements Ticker {

  static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final long origin = nanos.get();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return START.plusNanos(nanos.get() - origin);
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    if (!duration.isNegative()) {
      nanos.addAndGet(duration.toNanos());
    }
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  Duration totalSlept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
