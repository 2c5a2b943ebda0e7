package dev.waflows.operator.reconciler.controller;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the operator keeps in memory per resource (its verification schedule, its decrypted key, its
 * metric series), behind one {@link #forget} that every way out uses: paused, invalid spec, a
 * failed pass, deletion. Now and then the resources remembered are swept against the primary cache,
 * so a delete that was missed cannot leak. What must survive a restart is in the status, not here.
 */
final class ResourceMemory {

  /** Sweeps at most this often: the sweep walks every resource remembered. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

  private final List<Consumer<ResourceID>> parts;
  private final Set<ResourceID> known = ConcurrentHashMap.newKeySet();
  private volatile Instant nextSweep = Instant.MIN;

  /**
   * @param parts each forgets its own state of one resource
   */
  ResourceMemory(List<Consumer<ResourceID>> parts) {
    this.parts = List.copyOf(parts);
  }

  /** A pass of this resource may leave something in memory. */
  void remember(ResourceID id) {
    known.add(id);
  }

  void forget(ResourceID id) {
    parts.forEach(p -> p.accept(id));
  }

  /**
   * Forgets every remembered resource that {@code exists} no longer finds, if a sweep is due.
   *
   * @return how many were forgotten
   */
  int sweep(Instant now, Predicate<ResourceID> exists) {
    if (now.isBefore(nextSweep)) {
      return 0;
    }
    nextSweep = now.plus(SWEEP_EVERY);
    int gone = 0;
    for (ResourceID id : List.copyOf(known)) {
      if (!exists.test(id)) {
        forget(id);
        known.remove(id);
        gone++;
      }
    }
    return gone;
  }
}
