package dev.waflows.operator.reconciler.verification;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per resource, when its next pass is due, when its numbers must next be asked at Graph,
 * and with which inputs they were last verified, so a reconcile that changes nothing costs no Graph
 * call, and failures back off exponentially. A pass that only moves a rotation on (writing the new
 * pair, dropping the old one) asks Graph nothing: what Graph holds has not changed since the last
 * check. Memory only: after a restart a resource is verified once, at once when it is new or
 * changed, otherwise at a point spread across its interval ({@link #deferFirstCheck}).
 */
public class VerificationTracker {

  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final Map<ResourceID, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param nextDue when the next pass runs
   * @param checkDue when the numbers must next be asked at Graph (never after the interval)
   */
  private record Entry(
      VerificationInputs inputs, Instant nextDue, Instant checkDue, int failures) {}

  /** Whether this resource must be verified now: new, inputs changed, or its time has come. */
  public boolean isDue(ResourceID resource, VerificationInputs inputs, Instant now) {
    Entry e = entries.get(resource);
    return e == null || !e.inputs().equals(inputs) || !now.isBefore(e.nextDue());
  }

  /**
   * Whether this pass must ask Graph: the resource is new or failed last time, its interval is up,
   * or an input changed other than a rotation request (the rotation's own Secret writes are
   * recorded as inputs by the pass that made them).
   */
  public boolean needsCheck(ResourceID resource, VerificationInputs inputs, Instant now) {
    Entry e = entries.get(resource);
    return e == null
        || e.failures() > 0
        || !e.inputs().withRotateRequestedAt("").equals(inputs.withRotateRequestedAt(""))
        || !now.isBefore(e.checkDue());
  }

  /** Whether this process has seen the resource since it started (or since it was forgotten). */
  public boolean knows(ResourceID resource) {
    return entries.containsKey(resource);
  }

  /** Time left until the resource is due, at least one second. */
  public Duration untilDue(ResourceID resource, Instant now) {
    Entry e = entries.get(resource);
    if (e == null) {
      return Duration.ofSeconds(1);
    }
    Duration left = Duration.between(now, e.nextDue());
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  /**
   * A resource whose stored status is already current, seen for the first time by this process (a
   * restart, a new leader): its first check comes {@code after} from now instead of at once.
   */
  public void deferFirstCheck(
      ResourceID resource, VerificationInputs inputs, Instant now, Duration after) {
    entries.putIfAbsent(resource, new Entry(inputs, now.plus(after), now.plus(after), 0));
  }

  /**
   * Records a pass where every number got an answer: the next check is an interval away, the next
   * pass comes after {@code until} (the interval, or sooner for a rotation's next step).
   */
  public Duration succeeded(
      ResourceID resource,
      VerificationInputs inputs,
      Instant now,
      Duration interval,
      Duration until) {
    entries.put(resource, new Entry(inputs, now.plus(until), now.plus(interval), 0));
    return until;
  }

  /**
   * Records a pass that asked Graph nothing ({@link #needsCheck} was false): the check stays when
   * it was due; the next pass comes after {@code until} or at that check, whichever is first.
   */
  public Duration skippedCheck(
      ResourceID resource, VerificationInputs inputs, Instant now, Duration until) {
    Entry e = entries.get(resource);
    Instant checkDue = e == null ? now : e.checkDue();
    Instant next = now.plus(until);
    if (checkDue.isBefore(next)) {
      next = checkDue.isAfter(now) ? checkDue : now;
    }
    entries.put(resource, new Entry(inputs, next, checkDue, 0));
    return Duration.between(now, next);
  }

  /**
   * Records a pass that must be retried: exponential backoff from {@link #FIRST_RETRY}, capped at
   * {@link #MAX_RETRY} and the interval, and never sooner than Graph asked.
   */
  public Duration failed(
      ResourceID resource,
      VerificationInputs inputs,
      Instant now,
      Duration interval,
      Duration notBefore) {
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
    entries.put(resource, new Entry(inputs, now.plus(backoff), now, failures));
    return backoff;
  }

  /** Forgets a resource, so it is due as soon as it is looked at again. */
  public void forget(ResourceID resource) {
    entries.remove(resource);
  }
}
