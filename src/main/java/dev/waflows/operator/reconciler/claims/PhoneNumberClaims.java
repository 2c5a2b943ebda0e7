package dev.waflows.operator.reconciler.claims;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which resource manages a phone number that several resources list. Pure, and decided from
 * what is stored (each resource's spec, annotations and status), so every replica and shard decides
 * alike and a claim never flips back and forth:
 *
 * <ol>
 *   <li>the resource whose key Graph holds for the number keeps it;
 *   <li>when Graph holds no claimant's key, the oldest resource that can register it takes it:
 *       Register mode, not paused, a usable key, and a token Graph did not refuse for the number.
 * </ol>
 *
 * A resource that is paused, in Verify mode or whose token cannot reach the number can therefore
 * not squat a number another tenant can register.
 */
public final class PhoneNumberClaims {

  static final Comparator<FlowsEncryptionKey> SENIORITY =
      Comparator.comparing(
              (FlowsEncryptionKey r) ->
                  r.getMetadata().getCreationTimestamp() == null
                      ? ""
                      : r.getMetadata().getCreationTimestamp())
          .thenComparing(r -> r.getMetadata().getNamespace())
          .thenComparing(r -> r.getMetadata().getName());

  /** Per-number answers that say this resource's token cannot register the number. */
  private static final Set<String> CANNOT_REACH =
      Set.of(Reasons.INVALID_TOKEN, Reasons.PERMISSION_DENIED, Reasons.INVALID_PHONE_NUMBER);

  private PhoneNumberClaims() {}

  /**
   * The resource that manages the number instead of {@code self}, if there is one.
   *
   * @param self a resource about to check the number, with a usable key and token
   * @param mode the mode {@code self} runs in
   * @param claimants every resource that lists the number, {@code self} included or not
   */
  public static Optional<FlowsEncryptionKey> ownerOtherThan(
      FlowsEncryptionKey self, Mode mode, String number, Collection<FlowsEncryptionKey> claimants) {
    if (holds(self, number)) {
      return Optional.empty();
    }
    Optional<FlowsEncryptionKey> holder =
        claimants.stream()
            .filter(c -> !isSame(c, self) && !deleting(c) && holds(c, number))
            .min(SENIORITY);
    if (holder.isPresent() || mode == Mode.Verify) {
      // Verify mode only reads: it never needs to take a number nobody holds.
      return holder;
    }
    return claimants.stream()
        .filter(c -> !isSame(c, self) && !deleting(c) && canRegister(c, number))
        .filter(c -> SENIORITY.compare(c, self) < 0)
        .min(SENIORITY);
  }

  /**
   * How a Conflict message refers to the other resource: by name only in the same namespace, so one
   * tenant learns nothing about another's.
   */
  public static String describeOwner(FlowsEncryptionKey owner, FlowsEncryptionKey self) {
    return Objects.equals(owner.getMetadata().getNamespace(), self.getMetadata().getNamespace())
        ? "the FlowsEncryptionKey " + owner.getMetadata().getName() + " in this namespace"
        : "a FlowsEncryptionKey in another namespace";
  }

  /** Graph held this resource's key for the number when it last looked. */
  private static boolean holds(FlowsEncryptionKey r, String number) {
    return entry(r, number).map(n -> Boolean.TRUE.equals(n.getKeyMatches())).orElse(false);
  }

  private static boolean canRegister(FlowsEncryptionKey r, String number) {
    Mode mode =
        r.getSpec() == null || r.getSpec().getMode() == null
            ? Mode.Register
            : r.getSpec().getMode();
    boolean paused = Annotations.isPaused(r);
    boolean tokenRefused =
        entry(r, number).map(n -> CANNOT_REACH.contains(n.getReason())).orElse(false);
    return mode == Mode.Register && !paused && keyUsable(r) && !tokenRefused;
  }

  /** Not yet looked at counts as usable: the older resource gets its first chance. */
  private static boolean keyUsable(FlowsEncryptionKey r) {
    FlowsEncryptionKeyStatus s = r.getStatus();
    if (s == null) {
      return true;
    }
    return Conditions.find(s.getConditions(), Conditions.KEY_READY)
        .map(c -> Conditions.TRUE.equals(c.getStatus()) || Reasons.PENDING.equals(c.getReason()))
        .orElse(true);
  }

  private static Optional<PhoneNumberStatus> entry(FlowsEncryptionKey r, String number) {
    if (r.getStatus() == null) {
      return Optional.empty();
    }
    return r.getStatus().getPhoneNumbers().stream()
        .filter(n -> number.equals(n.getId()))
        .findFirst();
  }

  private static boolean deleting(FlowsEncryptionKey r) {
    return r.getMetadata().getDeletionTimestamp() != null;
  }

  private static boolean isSame(FlowsEncryptionKey a, FlowsEncryptionKey b) {
    return ResourceID.fromResource(a).equals(ResourceID.fromResource(b));
  }
}
