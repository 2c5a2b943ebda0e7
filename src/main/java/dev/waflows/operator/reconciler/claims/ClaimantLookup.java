package dev.waflows.operator.reconciler.claims;

import dev.waflows.operator.api.FlowsEncryptionKey;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Every FlowsEncryptionKey that lists a phone number, whichever operator shard reconciles it. */
public interface ClaimantLookup {

  /** Index name, on whichever cache serves the lookup. */
  String PHONE_NUMBER_INDEX = "phone-number-ids";

  Collection<FlowsEncryptionKey> claimants(String phoneNumberId);

  /** Index keys for {@link #PHONE_NUMBER_INDEX}; total, as {@link Claim#of} is. */
  static List<String> phoneNumbersOf(FlowsEncryptionKey r) {
    return r.getSpec() == null || r.getSpec().getPhoneNumberIds() == null
        ? List.of()
        : r.getSpec().getPhoneNumberIds().stream().filter(Objects::nonNull).toList();
  }
}
