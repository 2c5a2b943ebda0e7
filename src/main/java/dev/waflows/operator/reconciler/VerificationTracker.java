package dev.waflows.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per resource, when its numbers were last verified and with which inputs, so a
 * reconcile that changes nothing costs no Graph call, and failures back off exponentially. Memory
 * only: after a restart every resource is verified once, which is what a restart should do.
 */
class VerificationTracker {

  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(String inputs, Instant nextDue, int failures) {}

  /** Whether this resource must be verified now: new, inputs changed, or its time has come. */
  boolean isDue(String resource, String inputs, Instant now) {
    Entry e = entries.get(resource);
    return e == null || !e.inputs().equals(inputs) || !now.isBefore(e.nextDue());
  }

  /** Time left until the resource is due, at least one second. */
  Duration untilDue(String resource, Instant now) {
    Entry e = entries.get(resource);
    if (e == null) {
      return Duration.ofSeconds(1);
    }
    Duration left = Duration.between(now, e.nextDue());
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  /** Records a pass where every number got an answer; the next one comes after the interval. */
  Duration succeeded(String resource, String inputs, Instant now, Duration interval) {
    entries.put(resource, new Entry(inputs, now.plus(interval), 0));
    return interval;
  }

  /**
   * Records a pass that must be retried: exponential backoff from {@link #FIRST_RETRY}, capped at
   * {@link #MAX_RETRY} and the interval, and never sooner than Graph asked.
   */
  Duration failed(
      String resource, String inputs, Instant now, Duration interval, Duration notBefore) {
    Entry previous = entries.get(resource);
    int failures = previous == null ? 1 : previous.failures() + 1;
    Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
    Duration cap = interval.compareTo(MAX_RETRY) < 0 ? interval : MAX_RETRY;
    if (backoff.compareTo(cap) > 0) {
      backoff = cap;
    }
    if (notBefore != null && notBefore.compareTo(backoff) > 0) {
      backoff = notBefore;
    }
    entries.put(resource, new Entry(inputs, now.plus(backoff), failures));
    return backoff;
  }

  /** Forgets a resource, so it is due as soon as it is looked at again. */
  void forget(String resource) {
    entries.remove(resource);
  }

  /** Drops resources that no longer exist. */
  void retainOnly(Set<String> resources) {
    entries.keySet().retainAll(resources);
  }
}
