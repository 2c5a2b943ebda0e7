package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.metrics.FlowsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Forgets, about once a minute, the schedule and metrics of resources and numbers that are gone.
 * The operator sets no finalizer (nothing is deregistered on delete), so it is never told.
 */
class Housekeeping {

  static final Duration PERIOD = Duration.ofMinutes(1);

  private final VerificationTracker tracker;
  private final FlowsMetrics metrics;
  private final KeyProvisioner keys;
  private RotationCoordinator rotations;
  private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

  Housekeeping(VerificationTracker tracker, FlowsMetrics metrics, KeyProvisioner keys) {
    this.tracker = tracker;
    this.metrics = metrics;
    this.keys = keys;
  }

  /** Also forgets the rotation refusals of resources that are gone. */
  Housekeeping alsoFor(RotationCoordinator rotations) {
    this.rotations = rotations;
    return this;
  }

  void maybeRun(Instant now, Supplier<List<FlowsEncryptionKey>> liveResources) {
    Instant previous = last.get();
    if (now.isBefore(previous.plus(PERIOD)) || !last.compareAndSet(previous, now)) {
      return;
    }
    Set<String> resources = new HashSet<>();
    Set<String> numbers = new HashSet<>();
    for (FlowsEncryptionKey r : liveResources.get()) {
      String ns = r.getMetadata().getNamespace();
      String name = r.getMetadata().getName();
      resources.add(ns + "/" + name);
      if (r.getSpec() != null && r.getSpec().getPhoneNumberIds() != null) {
        r.getSpec()
            .getPhoneNumberIds()
            .forEach(id -> numbers.add(FlowsMetrics.numberId(ns, name, id)));
      }
    }
    tracker.retainOnly(resources);
    keys.retainOnly(resources);
    if (rotations != null) {
      rotations.retainOnly(resources);
    }
    metrics.retainOnly(numbers);
  }
}
