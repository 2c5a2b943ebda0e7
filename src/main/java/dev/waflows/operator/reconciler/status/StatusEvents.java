package dev.waflows.operator.reconciler.status;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells users, with Kubernetes Events, what a pass changed: a key generated, numbers registered, a
 * reason that is new. Only on change, never on every pass, so a retry loop does not spam.
 */
class StatusEvents {

  private final KeyEvents events;
  private final Runnable keyGenerated;

  StatusEvents(KeyEvents events, Runnable keyGenerated) {
    this.events = events;
    this.keyGenerated = keyGenerated;
  }

  void announce(
      ReconcilePass pass,
      KeyOutcome key,
      Optional<Problem> tokenProblem,
      Map<String, PhoneNumberStatus> previous,
      List<PhoneNumberStatus> numbers,
      Map<String, NumberObservation> seen,
      boolean rotationRegistered) {
    FlowsEncryptionKey resource = pass.resource();
    if (key.generatedNow()) {
      keyGenerated.run();
      events.record(
          resource,
          KeyEvents.NORMAL,
          EventReasons.KEY_GENERATED,
          "generated an RSA-2048 key pair "
              + key.key().map(k -> k.fingerprint()).orElse("")
              + " and stored it in Secret "
              + resource.getSpec().getKeySecretRef().getName());
    }
    if (!key.ready()) {
      warnOnChange(pass, Conditions.KEY_READY, key.verdict().reason(), key.verdict().message());
      return;
    }
    tokenProblem.ifPresent(p -> warnOnChange(pass, Conditions.READY, p.reason(), p.message()));

    // One Event per reason and pass, listing the numbers, rather than one per number.
    Map<String, List<PhoneNumberStatus>> changedByReason = new LinkedHashMap<>();
    for (PhoneNumberStatus n : numbers) {
      PhoneNumberStatus old = previous.get(n.getId());
      NumberObservation o = seen.get(n.getId());
      boolean registeredNow = o instanceof NumberObservation.Checked c && c.registeredNow();
      boolean reasonChanged = old == null || !Objects.equals(old.getReason(), n.getReason());
      if (n.getReason() != null && (reasonChanged || registeredNow)) {
        changedByReason.computeIfAbsent(n.getReason(), r -> new ArrayList<>()).add(n);
      }
    }
    if (rotationRegistered) {
      // The rotation's KeyRegistered Event already says the new key is VALID everywhere.
      changedByReason.remove(Reasons.REGISTERED);
    }
    changedByReason.forEach(
        (reason, list) -> {
          boolean normal = Reasons.REGISTERED.equals(reason);
          String ids = String.join(", ", list.stream().map(PhoneNumberStatus::getId).toList());
          String message =
              normal
                  ? "our key is registered and VALID for " + ids
                  : ids + ": " + list.get(0).getMessage();
          events.record(resource, normal ? KeyEvents.NORMAL : KeyEvents.WARNING, reason, message);
        });
  }

  /**
   * A Warning Event with {@code sentence}, unless the stored condition's message already carries
   * it: once per change, however many passes meet it, and across restarts.
   */
  void noticeOnce(ReconcilePass pass, String conditionType, String reason, String sentence) {
    if (storedCarrying(pass, conditionType, sentence).isEmpty()) {
      events.record(pass.resource(), KeyEvents.WARNING, reason, sentence);
    }
  }

  /**
   * A Warning Event with an advice that the Ready message carries, once per spec generation: the
   * stored Ready message of this generation carrying it marks it as sent, so neither another pass
   * nor a restart repeats it.
   */
  void adviceOncePerGeneration(ReconcilePass pass, String reason, String advice) {
    boolean told =
        storedCarrying(pass, Conditions.READY, advice)
            .filter(c -> Objects.equals(c.getObservedGeneration(), pass.generation()))
            .isPresent();
    if (!told) {
      events.record(pass.resource(), KeyEvents.WARNING, reason, advice);
    }
  }

  /** The stored condition of this type, when its message already carries {@code sentence}. */
  private static Optional<Condition> storedCarrying(
      ReconcilePass pass, String conditionType, String sentence) {
    return Conditions.find(pass.before().getConditions(), conditionType)
        .filter(c -> c.getMessage() != null && c.getMessage().contains(sentence));
  }

  /** A Warning Event when the condition's reason is new, so a retry loop does not spam. */
  void warnOnChange(ReconcilePass pass, String conditionType, String reason, String message) {
    Optional<Condition> old = Conditions.find(pass.before().getConditions(), conditionType);
    if (old.isEmpty() || !Objects.equals(old.get().getReason(), reason)) {
      events.record(pass.resource(), KeyEvents.WARNING, reason, message);
    }
  }
}
