package dev.waflows.operator.reconciler.rotation;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.reconciler.spec.RotationSettings;
import java.time.Instant;
import java.util.Optional;
import lombok.With;

/**
 * The key rotation state machine: a pure function from what is stored (the key Secret, the status,
 * the annotation) and the time to the next step, so that a restart resumes where it stopped.
 *
 * <ul>
 *   <li>A new key is started by a rotate-requested-at value that is neither handled in status nor
 *       recorded on the Secret as the trigger of its current key, or by rotation.every after the
 *       key became current. A trigger waits while the previous key is still kept: dropping it early
 *       would break requests sealed to a key Graph held within keepPreviousFor.
 *   <li>registerAfter after the Secret write (its key-current-since annotation, not memory), the
 *       new key may be registered.
 *   <li>Once every number holds it VALID, the previous key's expiry is recorded; when it passes the
 *       previous pair is dropped. An expiry lost in a crash is recorded again later, which only
 *       keeps the old key longer.
 * </ul>
 */
final class RotationPlanner {

  private RotationPlanner() {}

  /**
   * Everything the plan depends on; {@code with…} gives the same state with one part changed.
   *
   * @param refusal why this resource cannot rotate (key brought by a person, Verify mode), if so
   * @param currentSince when the Secret's current pair became current
   * @param secretTrigger the trigger recorded with the current pair, if a rotation made it
   * @param hasPrevious whether the Secret keeps a previous pair
   * @param previousExpires status.previousKeyExpiresTime, if recorded
   * @param requested the rotate-requested-at annotation, if set
   * @param lastHandled status.lastHandledRotateAt, if set
   * @param everyNumberHoldsCurrent whether every number was just seen holding the current key VALID
   *     (false when not checked in this pass)
   */
  @With
  record State(
      Optional<String> refusal,
      Instant currentSince,
      Optional<String> secretTrigger,
      boolean hasPrevious,
      Optional<Instant> previousExpires,
      Optional<String> requested,
      Optional<String> lastHandled,
      boolean everyNumberHoldsCurrent,
      RotationSettings settings,
      Instant now) {

    /** A rotate-requested-at value that no rotation has taken up yet. */
    Optional<String> pendingRequest() {
      return requested
          .filter(r -> !r.equals(lastHandled.orElse(null)))
          .filter(r -> !r.equals(secretTrigger.orElse(null)));
    }
  }

  static RotationStep next(State s) {
    if (s.refusal().isPresent()) {
      return s.requested()
          .filter(r -> !r.equals(s.lastHandled().orElse(null)))
          .<RotationStep>map(r -> new RotationStep.Refuse(r, s.refusal().get()))
          .orElse(new RotationStep.Idle(Optional.empty()));
    }
    if (s.hasPrevious()) {
      Instant registerAt = s.currentSince().plus(s.settings().registerAfter());
      if (s.now().isBefore(registerAt)) {
        return new RotationStep.WaitBeforeRegistering(registerAt);
      }
      if (s.previousExpires().isPresent()) {
        Instant expires = s.previousExpires().get();
        return s.now().isBefore(expires)
            ? new RotationStep.Idle(Optional.of(expires))
            : new RotationStep.DropPrevious();
      }
      if (!s.everyNumberHoldsCurrent()) {
        return new RotationStep.Register();
      }
      return new RotationStep.Registered(s.now().plus(s.settings().keepPreviousFor()));
    }
    Optional<String> pending = s.pendingRequest();
    if (pending.isPresent()) {
      return new RotationStep.Start(pending.get());
    }
    if (s.settings().every().isPresent()) {
      Instant due = s.currentSince().plus(s.settings().every().get());
      return s.now().isBefore(due)
          ? new RotationStep.Idle(Optional.of(due))
          : new RotationStep.Start(Annotations.SCHEDULED_TRIGGER);
    }
    return new RotationStep.Idle(Optional.empty());
  }
}
