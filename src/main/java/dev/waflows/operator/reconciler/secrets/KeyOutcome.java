package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.keys.LoadedKey;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/**
 * The key this pass works with, or why there is none.
 *
 * @param secretResourceVersion of the key Secret after this pass, so creating it does not count as
 *     a change next time
 * @param created the key Secret this pass created, if it did
 */
public record KeyOutcome(
    Optional<LoadedKey> key,
    KeySource source,
    boolean generatedNow,
    KeyVerdict verdict,
    String secretResourceVersion,
    Optional<Secret> created) {

  public KeyOutcome(
      Optional<LoadedKey> key,
      KeySource source,
      boolean generatedNow,
      KeyVerdict verdict,
      String secretResourceVersion) {
    this(key, source, generatedNow, verdict, secretResourceVersion, Optional.empty());
  }

  public boolean ready() {
    return key.isPresent();
  }

  /** The same outcome with its key {@link LoadedKey#withoutPrivateKey()}. */
  KeyOutcome withoutPrivateKey() {
    return new KeyOutcome(
        key.map(LoadedKey::withoutPrivateKey),
        source,
        generatedNow,
        verdict,
        secretResourceVersion,
        created);
  }

  /** The same key as later passes see it: stored, no longer generated just now. */
  KeyOutcome afterwards() {
    return new KeyOutcome(key, source, false, verdict, secretResourceVersion);
  }
}
