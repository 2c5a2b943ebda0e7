package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.keys.KeySecretEntries;
import dev.waflows.operator.reconciler.Timestamps;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * After a restart or a leader change, the numbers of a resource whose stored status is already
 * current are re-verified at a point spread across its interval, not all at once: a rollout must
 * not send Graph one GET per number in the same minute. Pure. New or changed resources, those not
 * Ready, and those whose key Secret a crash left ahead of the status, still go first.
 */
public final class FirstCheckSpread {

  private FirstCheckSpread() {}

  /**
   * Whether the stored status already answers for the current spec and annotations, so nothing is
   * urgent: Ready, nothing under way, generation, reconcile request and rotation request seen.
   */
  public static boolean statusIsCurrent(FlowsEncryptionKey r, Optional<Secret> keySecret) {
    return statusIsCurrent(r) && keySecret.map(k -> secretAgrees(r.getStatus(), k)).orElse(true);
  }

  /**
   * Whether the key Secret is where the status says a rotation is: a crash between a Secret write
   * (a new pair made current, or the previous pair dropped) and its status patch leaves them apart,
   * and the new key must then be taken up at once, not at a point up to an interval away.
   */
  static boolean secretAgrees(FlowsEncryptionKeyStatus s, Secret keySecret) {
    boolean keepsPrevious =
        keySecret.getData() != null
            && keySecret.getData().containsKey(KeySecretEntries.PREVIOUS_PUBLIC);
    if (keepsPrevious != (s.getPreviousKeyFingerprint() != null)) {
      return false;
    }
    if (Annotations.get(keySecret, Annotations.ROTATION_TRIGGER).isEmpty()) {
      return true;
    }
    Optional<Instant> since =
        Annotations.get(keySecret, Annotations.KEY_CURRENT_SINCE).flatMap(Timestamps::parse);
    return since.isEmpty() || since.equals(Timestamps.parse(s.getLastRotationTime()));
  }

  static boolean statusIsCurrent(FlowsEncryptionKey r) {
    FlowsEncryptionKeyStatus s = r.getStatus();
    if (s == null
        || s.getObservedGeneration() == null
        || !s.getObservedGeneration().equals(r.getMetadata().getGeneration())) {
      return false;
    }
    boolean ready = Conditions.isTrue(s.getConditions(), Conditions.READY);
    boolean busy = Conditions.isTrue(s.getConditions(), Conditions.RECONCILING);
    String requested = Annotations.get(r, Annotations.RECONCILE_REQUESTED_AT).orElse(null);
    String rotation = Annotations.get(r, Annotations.ROTATE_REQUESTED_AT).orElse(null);
    return ready
        && !busy
        && (requested == null || requested.equals(s.getLastHandledReconcileAt()))
        && (rotation == null || rotation.equals(s.getLastHandledRotateAt()));
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
