package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Decides which resource manages a phone number that several resources list: the oldest, by
 * creation time, then by namespace and name so that every replica decides alike.
 */
final class PhoneNumberClaims {

  static final Comparator<FlowsEncryptionKey> SENIORITY =
      Comparator.comparing(
              (FlowsEncryptionKey r) ->
                  r.getMetadata().getCreationTimestamp() == null
                      ? ""
                      : r.getMetadata().getCreationTimestamp())
          .thenComparing(r -> r.getMetadata().getNamespace())
          .thenComparing(r -> r.getMetadata().getName());

  private PhoneNumberClaims() {}

  /**
   * The resource that manages the number instead of {@code self}, if there is one.
   *
   * @param claimants every resource that lists the number, {@code self} included or not
   */
  static Optional<FlowsEncryptionKey> ownerOtherThan(
      FlowsEncryptionKey self, Collection<FlowsEncryptionKey> claimants) {
    return claimants.stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .min(SENIORITY)
        .filter(oldest -> !sameResource(oldest, self))
        .filter(oldest -> SENIORITY.compare(oldest, self) < 0);
  }

  static String displayName(FlowsEncryptionKey r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static boolean sameResource(FlowsEncryptionKey a, FlowsEncryptionKey b) {
    return a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
        && a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
