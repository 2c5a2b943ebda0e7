package dev.waflows.operator.bench;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The client's side of a rotation, simplified: a WhatsApp client encrypts to whatever public key
 * Graph holds for a number, and the endpoint can open the request only if the resource's key Secret
 * holds that key's private half at that moment (as {@code private.pem} or {@code
 * previous-private.pem}). Fed with every version of the key Secrets and with samples of Graph's
 * stored keys; each sample of a key the Secret does not hold is a failure. Pure.
 */
final class KeyLedger {

  private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
  private final Set<String> failures = ConcurrentHashMap.newKeySet();
  private long samples;

  /** The public keys the resource's key Secret holds from now on (its latest version). */
  void secretHolds(String resource, Collection<String> publicPems) {
    held.put(resource, publicPems.stream().map(KeyLedger::normal).collect(Collectors.toSet()));
  }

  /**
   * One sample: Graph holds {@code graphPem} for the number of the resource now; {@code null} when
   * it holds no key (not a failure: clients then cannot start a Flow, which the operator's first
   * registration is about, not rotation).
   *
   * @return whether a client encrypting to it now would be understood
   */
  synchronized boolean sample(String resource, String number, String graphPem) {
    samples++;
    if (graphPem == null) {
      return true;
    }
    Set<String> keys = held.getOrDefault(resource, Set.of());
    if (keys.contains(normal(graphPem))) {
      return true;
    }
    failures.add(number + " " + normal(graphPem).hashCode());
    return false;
  }

  /** Distinct (number, key) pairs Graph held while the Secret did not. */
  int failures() {
    return failures.size();
  }

  synchronized long samples() {
    return samples;
  }

  private static String normal(String pem) {
    return pem.replaceAll("\\s", "");
  }
}
