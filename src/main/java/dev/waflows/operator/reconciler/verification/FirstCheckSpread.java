package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * After a restart or a leader change, the numbers of a resource whose stored status is already
 * current are re-verified at a point spread across its interval, not all at once: a rollout must
 * not send Graph one GET per number in the same minute. Pure. New or changed resources, and those
 * not Ready, still go first.
 */
public final class FirstCheckSpread {

  private FirstCheckSpread() {}

  /**
   * Whether the stored status already answers for the current spec and annotations, so nothing is
   * urgent: Ready, nothing under way, generation and reconcile request seen.
   */
  public static boolean statusIsCurrent(FlowsEncryptionKey r) {
    FlowsEncryptionKeyStatus s = r.getStatus();
    if (s == null
        || s.getObservedGeneration() == null
        || !s.getObservedGeneration().equals(r.getMetadata().getGeneration())) {
      return false;
    }
    boolean ready = Conditions.isTrue(s.getConditions(), Conditions.READY);
    boolean busy = Conditions.isTrue(s.getConditions(), Conditions.RECONCILING);
    String requested = Annotations.get(r, Annotations.RECONCILE_REQUESTED_AT).orElse(null);
    return ready && !busy && (requested == null || requested.equals(s.getLastHandledReconcileAt()));
  }

  /**
   * Where in {@code interval} this resource's first check falls: a stable point derived from its
   * UID, so resources spread evenly and a second restart does not bunch them up again.
   */
  public static Duration offset(String uid, Duration interval) {
    long seconds = Math.max(1, interval.toSeconds());
    return Duration.ofSeconds(Math.floorMod(Objects.hashCode(uid) * 0x9E3779B1L, seconds));
  }
}
