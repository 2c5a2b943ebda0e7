package dev.waflows.operator.reconciler.status;

import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.endpoint.EndpointState;
import dev.waflows.operator.reconciler.secrets.KeyVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the conditions are computed from, gathered once per reconcile.
 *
 * @param mode the mode in effect (Verify turns a number that is not ours into a stall)
 * @param specProblem why the spec cannot be acted on, if it cannot
 * @param key the key verdict, empty when the key was not looked at this time
 * @param blocker why no number could be checked (token Secret missing, for example)
 * @param numbers the per-number status, in spec order
 * @param rotation what a key rotation under way is doing, when one is
 * @param secretsAwaitedUntil while present, a Secret the spec names that does not exist yet is
 *     waited for ({@link SecretGrace}) rather than a reason to stall
 * @param endpoint what the endpoint probe found, when spec.endpoint is set
 */
record Assessment(
    long generation,
    Mode mode,
    Optional<Problem> specProblem,
    Optional<KeyVerdict> key,
    Optional<Problem> blocker,
    List<PhoneNumberStatus> numbers,
    boolean paused,
    Optional<String> rotation,
    Optional<Instant> secretsAwaitedUntil,
    Optional<EndpointState> endpoint) {

  /** Why the endpoint makes Ready False, if it does: a failed probe of the key Graph holds. */
  Optional<Problem> endpointProblem() {
    return endpoint.flatMap(
        e -> e.blocksReady().map(reason -> new Problem(reason, "endpoint: " + e.message())));
  }

  /** Why Reconciling is True with reason WaitingForEndpoint, if it is. */
  Optional<String> waitingForEndpoint() {
    return endpoint.flatMap(EndpointState::waitingMessage);
  }

  /** Paused: nothing is looked at; the conditions freeze. */
  static Assessment paused(long generation, List<PhoneNumberStatus> numbers) {
    return new Assessment(
        generation,
        Mode.Register,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        numbers,
        true,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A problem found before any number was checked; the key was not looked at. */
  static Assessment blocked(long generation, Problem problem, List<PhoneNumberStatus> numbers) {
    return new Assessment(
        generation,
        Mode.Register,
        Optional.of(problem),
        Optional.empty(),
        Optional.empty(),
        numbers,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
