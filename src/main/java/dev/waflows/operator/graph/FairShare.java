package dev.waflows.operator.graph;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Divides the operator-wide request rate between the access tokens that use it now: each token that
 * asked for a request start within {@link #ACTIVE_WINDOW} gets an equal share, so one token with
 * thousands of calls queued gets no more than a token with one. Tokens pace themselves at their
 * share (see {@link RequestBudget}), so the shared {@link RateCeiling} queue stays short and a
 * newcomer waits there for about one start per other active token, not behind a flood.
 *
 * <p>A share never drops below one start per {@link #ACTIVE_WINDOW}, so every active token keeps
 * moving (and stays counted as active) however many there are; with more active tokens than the
 * ceiling has starts per window, the ceiling's queue takes them in turn.
 */
final class FairShare {

  /** A token that asked for no start this long no longer counts. */
  static final Duration ACTIVE_WINDOW = Duration.ofSeconds(2);

  private final double ceiling;
  private final double floor;
  private final long windowNanos;
  private final Ticker time;

  // Guarded by this; access order, so the eldest entry is the one that asked longest ago.
  private final LinkedHashMap<Object, Long> lastAsked = new LinkedHashMap<>(16, 0.75f, true);

  FairShare(double requestsPerSecond, Ticker time) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive");
    }
    this.ceiling = requestsPerSecond;
    this.windowNanos = ACTIVE_WINDOW.toNanos();
    this.floor = Math.min(requestsPerSecond, 1e9 / windowNanos);
    this.time = time;
  }

  /**
   * The requests per second {@code lane} may start now, counting it as active.
   *
   * @param lane one token's budget (compared by identity)
   */
  synchronized double rateFor(Object lane) {
    long now = time.nanoTime();
    lastAsked.put(lane, now);
    Iterator<Map.Entry<Object, Long>> eldest = lastAsked.entrySet().iterator();
    while (eldest.hasNext()) {
      if (now - eldest.next().getValue() < windowNanos) {
        break;
      }
      eldest.remove();
    }
    return Math.max(floor, ceiling / lastAsked.size());
  }

  /** How many tokens asked for a start within the window (for tests and toString). */
  synchronized int active() {
    long now = time.nanoTime();
    return (int) lastAsked.values().stream().filter(at -> now - at < windowNanos).count();
  }

  @Override
  public String toString() {
    return "FairShare[" + ceiling + "/s over " + active() + " tokens]";
  }
}
