package dev.waflows.operator.graph;

import java.util.Locale;
import java.util.Optional;

/** Graph's {@code business_public_key_signature_status} for the stored business public key. */
public enum SignatureStatus {
  /** The stored key's signature checks out; WhatsApp can encrypt Flows data with it. */
  VALID,
  /** The stored key's signature does not match; the key has to be registered again. */
  MISMATCH;

  /**
   * Reads Graph's value. Unknown values map to empty, like a missing status, because the contract
   * treats a missing status as "no key set" and a value we cannot interpret is no better.
   */
  static Optional<SignatureStatus> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String normalized = value.strip().toUpperCase(Locale.ROOT);
    for (SignatureStatus status : values()) {
      if (status.name().equals(normalized)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
