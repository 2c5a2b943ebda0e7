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
 *   <li>Once every number holds it VALID, the previous key's expiry is recorded, with the
 *       fingerprint of the key it is for; when it passes the previous pair is dropped. An expiry
 *       lost in a crash is recorded again later, which only keeps the old key longer.
 *   <li>An expiry counts only for the previous key it was recorded for: the one of an earlier
 *       rotation (its status patch lost in a crash, or a second rotation started in the pass that
 *       dropped the first one's key) would drop the key Graph holds before the new one is
 *       registered.
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
   * @param previousKey the fingerprint of the previous pair the Secret keeps, if it keeps one
   * @param recordedExpiry what status records of when a previous key goes, if anything
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
      Optional<String> previousKey,
      Optional<RecordedExpiry> recordedExpiry,
      Optional<String> requested,
      Optional<String> lastHandled,
      boolean everyNumberHoldsCurrent,
      RotationSettings settings,
      Instant now) {

    /** Whether the Secret keeps a previous pair. */
    boolean hasPrevious() {
      return previousKey.isPresent();
    }

    /** When the Secret's previous pair goes: only an expiry recorded for that very key counts. */
    Optional<Instant> previousExpires() {
      return recordedExpiry
          .filter(r -> previousKey.isPresent() && r.previousKey().equals(previousKey.get()))
          .map(RecordedExpiry::expires);
    }

    /** A rotate-requested-at value that no rotation has taken up yet. */
    Optional<String> pendingRequest() {
      return requested
          .filter(r -> !r.equals(lastHandled.orElse(null)))
          .filter(r -> !r.equals(secretTrigger.orElse(null)));
    }
  }

  /**
   * status.previousKeyExpiresTime with status.previousKeyFingerprint, the key it was recorded for.
   */
  record RecordedExpiry(String previousKey, Instant expires) {}

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
