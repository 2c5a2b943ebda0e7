package dev.waflows.operator.reconciler.controller;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The status writes a pass asked for, until the informer's cache shows them.
 *
 * <p>JOSDK writes the status after a pass returns and does not put the stored copy in its cache; a
 * pass woken a few milliseconds later (by the Secret the first pass created, say) can read the
 * resource as it was before that write. Built on that copy, its conditions move their transition
 * times back and its Events repeat. The resourceVersion a write was based on tells such a copy
 * apart: while the cache still holds that version, the write has not arrived and the pass waits.
 * The wait is bounded, so a write the server took as a no-op never holds a resource for long.
 */
final class OwnStatusWrites {

  /** Longer than a watch event takes to arrive; after it a pass proceeds on what it reads. */
  static final Duration AWAITED_AT_MOST = Duration.ofSeconds(5);

  /** How soon a pass that found its resource behind its own write runs again. */
  static final Duration RETRY_AFTER = Duration.ofMillis(100);

  private record Pending(String basedOn, long untilNanos) {}

  private final Map<ResourceID, Pending> pending = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  OwnStatusWrites() {
    this(System::nanoTime);
  }

  OwnStatusWrites(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A pass that read {@code resourceVersion} ends with a status write. */
  void writing(ResourceID id, String resourceVersion) {
    if (resourceVersion != null) {
      pending.put(
          id, new Pending(resourceVersion, nanoTime.getAsLong() + AWAITED_AT_MOST.toNanos()));
    }
  }

  /**
   * Whether a copy at {@code resourceVersion} predates a status write of ours that the cache has
   * not shown yet.
   */
  boolean behind(ResourceID id, String resourceVersion) {
    Pending p = pending.get(id);
    if (p == null) {
      return false;
    }
    if (p.basedOn().equals(resourceVersion) && nanoTime.getAsLong() - p.untilNanos() < 0) {
      return true;
    }
    pending.remove(id, p);
    return false;
  }

  void forget(ResourceID id) {
    pending.remove(id);
  }
}
