package dev.waflows.operator.reconciler.claims;

import dev.waflows.operator.api.Mode;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Decides which resource manages a phone number that several resources list. Pure, and decided from
 * what is stored (each resource's spec, annotations and status, as {@link Claim}s), so every
 * replica and shard decides alike and a claim never flips back and forth:
 *
 * <ol>
 *   <li>the resource whose key Graph holds for the number keeps it;
 *   <li>when Graph holds no claimant's key, the oldest resource that can register it takes it:
 *       Register mode, not paused, a usable key, and a token Graph did not refuse for the number.
 * </ol>
 *
 * A resource that is paused, in Verify mode or whose token cannot reach the number can therefore
 * not squat a number another tenant can register. Total: a claim built from any resource, however
 * incomplete its status, decides without throwing.
 */
public final class PhoneNumberClaims {

  static final Comparator<Claim> SENIORITY =
      Comparator.comparing(Claim::created)
          .thenComparing(Claim::namespace)
          .thenComparing(Claim::name);

  private PhoneNumberClaims() {}

  /**
   * The resource that manages the number instead of {@code self}, if there is one.
   *
   * @param self a resource about to check the number, with a usable key and token
   * @param mode the mode {@code self} runs in
   * @param claimants every resource that lists the number, {@code self} included or not
   */
  public static Optional<Claim> ownerOtherThan(
      Claim self, Mode mode, String number, Collection<Claim> claimants) {
    if (self.holds().contains(number)) {
      return Optional.empty();
    }
    Optional<Claim> holder =
        claimants.stream()
            .filter(c -> !c.isSameAs(self) && !c.deleting() && c.holds().contains(number))
            .min(SENIORITY);
    if (holder.isPresent() || mode == Mode.Verify) {
      // Verify mode only reads: it never needs to take a number nobody holds.
      return holder;
    }
    return claimants.stream()
        .filter(c -> !c.isSameAs(self) && !c.deleting() && c.canRegister(number))
        .filter(c -> SENIORITY.compare(c, self) < 0)
        .min(SENIORITY);
  }

  /**
   * How a Conflict message refers to the other resource: by name only in the same namespace, so one
   * tenant learns nothing about another's.
   */
  public static String describeOwner(Claim owner, Claim self) {
    return owner.namespace().equals(self.namespace())
        ? "the FlowsEncryptionKey " + owner.name() + " in this namespace"
        : "a FlowsEncryptionKey in another namespace";
  }
}
