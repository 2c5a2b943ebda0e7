package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.PhoneNumberStatus;
import java.util.List;
import java.util.Optional;

/**
 * Everything the conditions are computed from, gathered once per reconcile.
 *
 * @param specProblem why the spec cannot be acted on, if it cannot
 * @param key the key verdict, empty when the key was not looked at this time
 * @param blocker why no number could be checked (token Secret missing, for example)
 * @param numbers the per-number status, in spec order
 * @param rotating while a key rotation is under way (a new key not yet registered everywhere), what
 *     it is doing; for Reconciling=True reason Rotating
 */
record Assessment(
    long generation,
    Optional<Problem> specProblem,
    Optional<KeyVerdict> key,
    Optional<Problem> blocker,
    List<PhoneNumberStatus> numbers,
    boolean paused,
    Optional<String> rotating) {

  Assessment(
      long generation,
      Optional<Problem> specProblem,
      Optional<KeyVerdict> key,
      Optional<Problem> blocker,
      List<PhoneNumberStatus> numbers,
      boolean paused) {
    this(generation, specProblem, key, blocker, numbers, paused, Optional.empty());
  }

  /** A reason and a message fit for users. */
  record Problem(String reason, String message) {}

  /** Whether the key is usable, and why. */
  record KeyVerdict(boolean ready, String reason, String message) {}
}
