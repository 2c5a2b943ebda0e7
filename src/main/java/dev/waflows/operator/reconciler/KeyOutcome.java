package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.keys.LoadedKey;
import java.util.Optional;

/**
 * The key this pass works with, or why there is none.
 *
 * @param secretResourceVersion of the key Secret after this pass, so creating it does not count as
 *     a change next time
 */
record KeyOutcome(
    Optional<LoadedKey> key,
    KeySource source,
    boolean generatedNow,
    Assessment.KeyVerdict verdict,
    String secretResourceVersion) {

  boolean ready() {
    return key.isPresent();
  }

  /** The same key as later passes see it: stored, no longer generated just now. */
  KeyOutcome afterwards() {
    return new KeyOutcome(key, source, false, verdict, secretResourceVersion);
  }
}
