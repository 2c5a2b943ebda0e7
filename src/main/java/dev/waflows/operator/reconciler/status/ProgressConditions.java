package dev.waflows.operator.reconciler.status;

import static dev.waflows.operator.api.Conditions.FALSE;
import static dev.waflows.operator.api.Conditions.TRUE;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.reconciler.Problem;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Computes Reconciling and Stalled, the two conditions that kstatus (Flux, kubectl-based tools)
 * reads besides Ready. Pure. A resource is never both: Stalled when only a person can make
 * progress, otherwise Reconciling while Ready is not yet True or a rotation is under way. A Secret
 * that does not exist yet needs a person only once {@link SecretGrace} is over.
 */
final class ProgressConditions {

  /** In Verify mode the operator never registers: a number that is not ours stays so. */
  private static final Set<String> NEED_A_PERSON_IN_VERIFY =
      Set.of(Reasons.NOT_REGISTERED, Reasons.MISMATCH);

  private ProgressConditions() {}

  /** What kstatus should conclude, and why. */
  record Progress(boolean reconciling, boolean stalled, String reason, String message) {}

  /**
   * @param ready the Ready condition just computed from the same assessment
   */
  static Progress of(Assessment a, Condition ready) {
    Optional<Problem> stall = stall(a);
    if (stall.isPresent()) {
      return new Progress(false, true, stall.get().reason(), stall.get().message());
    }
    Optional<String> waiting = a.waitingForEndpoint();
    if (waiting.isPresent()) {
      // Ready stays as it was: the key Graph holds still serves, or none was ever registered.
      return new Progress(true, false, Reasons.WAITING_FOR_ENDPOINT, waiting.get());
    }
    if (TRUE.equals(ready.getStatus())) {
      return a.rotation()
          .map(m -> new Progress(true, false, Reasons.ROTATING, m))
          .orElse(new Progress(false, false, Reasons.READY, ready.getMessage()));
    }
    String message = ready.getMessage();
    if (Reasons.SECRET_NOT_FOUND.equals(ready.getReason()) && a.secretsAwaitedUntil().isPresent()) {
      message +=
          "; waiting for it until "
              + a.secretsAwaitedUntil().get()
              + " (5 minutes after this generation was first seen), then Stalled";
    }
    return new Progress(true, false, ready.getReason(), message);
  }

  static Condition reconciling(Progress p, ConditionFactory conditions) {
    return p.reconciling()
        ? conditions.make(Conditions.RECONCILING, TRUE, p.reason(), p.message())
        : conditions.make(
            Conditions.RECONCILING,
            FALSE,
            p.reason(),
            p.stalled() ? "stopped: a person must act (see Stalled)" : "no work under way");
  }

  static Condition stalled(Progress p, ConditionFactory conditions) {
    return p.stalled()
        ? conditions.make(Conditions.STALLED, TRUE, p.reason(), p.message())
        : conditions.make(
            Conditions.STALLED, FALSE, p.reason(), "nothing here needs a person to act");
  }

  /** The first cause only a person can remove: spec, key, token, then numbers in spec order. */
  private static Optional<Problem> stall(Assessment a) {
    Stream<Problem> early =
        Stream.of(
                a.specProblem(),
                a.key().filter(k -> !k.ready()).map(k -> new Problem(k.reason(), k.message())),
                a.blocker())
            .flatMap(Optional::stream);
    Stream<Problem> numbers =
        a.numbers().stream()
            .filter(n -> n.getReason() != null)
            .map(n -> new Problem(n.getReason(), describe(n)));
    return Stream.concat(Stream.concat(early, numbers), a.endpointProblem().stream())
        .filter(p -> needsAPerson(p.reason(), a.mode()))
        .filter(p -> !awaited(p, a))
        .findFirst();
  }

  /** A Secret that may still be created in a moment: not a person's job yet. */
  private static boolean awaited(Problem p, Assessment a) {
    return Reasons.SECRET_NOT_FOUND.equals(p.reason()) && a.secretsAwaitedUntil().isPresent();
  }

  private static boolean needsAPerson(String reason, Mode mode) {
    return Reasons.NEED_A_PERSON.contains(reason)
        || (mode == Mode.Verify && NEED_A_PERSON_IN_VERIFY.contains(reason));
  }

  private static String describe(PhoneNumberStatus n) {
    return n.getId() + ": " + n.getMessage();
  }

  /** Makes a condition of the current pass, keeping lastTransitionTime when status is unchanged. */
  interface ConditionFactory {
    Condition make(String type, String status, String reason, String message);
  }
}
