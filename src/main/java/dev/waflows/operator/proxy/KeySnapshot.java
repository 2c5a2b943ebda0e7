package dev.waflows.operator.proxy;

import java.security.PrivateKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The private keys that open requests, loaded together from one version of the key directory and
 * parsed once: the current key and, during a rotation, the previous one.
 */
record KeySnapshot(OpeningKey current, Optional<OpeningKey> previous) {

  KeySnapshot {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
  }

  /** One private key and its public key's fingerprint; {@link #toString()} shows the latter. */
  static final class OpeningKey {
    private final PrivateKey key;
    private final String fingerprint;

    OpeningKey(PrivateKey key, String fingerprint) {
      this.key = Objects.requireNonNull(key, "key");
      this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    }

    PrivateKey key() {
      return key;
    }

    String fingerprint() {
      return fingerprint;
    }

    @Override
    public String toString() {
      return fingerprint;
    }
  }
}
