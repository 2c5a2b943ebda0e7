package dev.waflows.operator.reconciler.status;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.reconciler.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Secret the spec names may not exist yet: External Secrets Operator or a GitOps tool creates it
 * a moment after the resource. For {@link #PERIOD} after a generation was first seen such a Secret
 * is awaited (Reconciling), and only then is the resource Stalled. Pure. The moment a generation
 * was first seen is stored in status ({@code generationObservedTime}), so a restart does not start
 * the wait again.
 */
public final class SecretGrace {

  public static final Duration PERIOD = Duration.ofMinutes(5);

  private SecretGrace() {}

  /**
   * When the operator first saw {@code generation}: as stored, when the status already describes
   * it; {@code now} for a generation not seen before; null for one seen before this was recorded
   * (an older operator wrote the status, long enough ago).
   */
  static String generationSeen(FlowsEncryptionKeyStatus before, long generation, String now) {
    return Objects.equals(before.getObservedGeneration(), generation)
        ? before.getGenerationObservedTime()
        : now;
  }

  /** The end of the wait, while it lasts at {@code now}; empty once it is over. */
  static Optional<Instant> openUntil(String generationSeen, Instant now) {
    return end(generationSeen).filter(now::isBefore);
  }

  /**
   * When a status that awaits a missing Secret stops waiting: the moment to look again, so that
   * Stalled appears without another event. Empty when the status awaits nothing.
   */
  public static Optional<Instant> awaitedUntil(FlowsEncryptionKeyStatus status) {
    boolean awaiting =
        Conditions.find(status.getConditions(), Conditions.RECONCILING)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .filter(c -> Reasons.SECRET_NOT_FOUND.equals(c.getReason()))
            .isPresent();
    return awaiting ? end(status.getGenerationObservedTime()) : Optional.empty();
  }

  /** No wait rather than a failure when the stored time is missing or was edited by hand. */
  private static Optional<Instant> end(String generationSeen) {
    return Timestamps.parse(generationSeen).map(t -> t.plus(PERIOD));
  }
}
