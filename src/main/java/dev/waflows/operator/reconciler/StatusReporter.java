package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the next status from what a pass learned, and tells users about changes with an Event when
 * something changed (not on every pass).
 */
class StatusReporter {

  private final KeyEvents events;
  private final Runnable keyGenerated;

  /**
   * @param keyGenerated counts a key the operator generated
   */
  StatusReporter(KeyEvents events, Runnable keyGenerated) {
    this.events = events;
    this.keyGenerated = keyGenerated;
  }

  FlowsEncryptionKeyStatus paused(ReconcilePass pass) {
    FlowsEncryptionKeyStatus next = copyOf(pass.before());
    Assessment a = Assessment.paused(pass.generation(), next.getPhoneNumbers());
    next.setConditions(
        ConditionCalculator.next(pass.before().getConditions(), a, pass.timestamp()));
    return next;
  }

  /** A problem that stops the pass before any number is checked; per-number status stays. */
  FlowsEncryptionKeyStatus blocked(ReconcilePass pass, Assessment.Problem problem) {
    FlowsEncryptionKeyStatus next = copyOf(pass.before());
    next.setObservedGeneration(pass.generation());
    Assessment a = Assessment.blocked(pass.generation(), problem, next.getPhoneNumbers());
    next.setConditions(
        ConditionCalculator.next(pass.before().getConditions(), a, pass.timestamp()));
    warnOnChange(pass, Conditions.READY, problem.reason(), problem.message());
    return next;
  }

  FlowsEncryptionKeyStatus verified(
      ReconcilePass pass,
      Mode mode,
      KeyOutcome key,
      Optional<Assessment.Problem> tokenProblem,
      List<NumberObservation> observations,
      String requestedVersion,
      Optional<RotationCoordinator.Report> rotation) {
    FlowsEncryptionKey resource = pass.resource();
    FlowsEncryptionKeyStatus next = copyOf(pass.before());
    next.setObservedGeneration(pass.generation());
    next.setMode(mode);
    next.setKeyFingerprint(key.key().map(k -> k.fingerprint()).orElse(null));
    next.setKeySource(key.ready() ? key.source() : keptSource(pass.before(), key));
    rotation.ifPresent(r -> r.applyTo(next));

    Map<String, PhoneNumberStatus> previous = new LinkedHashMap<>();
    pass.before().getPhoneNumbers().forEach(p -> previous.put(p.getId(), p));
    Map<String, NumberObservation> seen = new LinkedHashMap<>();
    observations.forEach(o -> seen.put(o.id(), o));
    List<PhoneNumberStatus> numbers = new ArrayList<>();
    for (String id : new LinkedHashSet<>(resource.getSpec().getPhoneNumberIds())) {
      PhoneNumberStatus old = previous.get(id);
      NumberObservation o = seen.get(id);
      PhoneNumberStatus now =
          o == null
              ? (old == null ? new PhoneNumberStatus(id) : old.copy())
              : PhoneNumberStatusCalculator.next(old, o, pass.timestamp());
      numbers.add(now);
    }
    next.setPhoneNumbers(numbers);
    next.setSummary(
        numbers.stream().filter(PhoneNumberStatusCalculator::validWithOurKey).count()
            + "/"
            + numbers.size());
    Annotations.get(resource, Annotations.RECONCILE_REQUESTED_AT)
        .ifPresent(next::setLastHandledReconcileAt);

    Assessment a =
        new Assessment(
            pass.generation(),
            mode,
            Optional.empty(),
            Optional.of(key.verdict()),
            key.ready() ? tokenProblem : Optional.empty(),
            numbers,
            false,
            rotation.flatMap(RotationCoordinator.Report::rotating));
    next.setConditions(
        ConditionCalculator.next(pass.before().getConditions(), a, pass.timestamp()));
    GraphVersionNotice.of(requestedVersion, observations)
        .ifPresent(notice -> tellAboutVersion(pass, next, notice));

    announce(pass, key, tokenProblem, previous, numbers, seen);
    return next;
  }

  private void announce(
      ReconcilePass pass,
      KeyOutcome key,
      Optional<Assessment.Problem> tokenProblem,
      Map<String, PhoneNumberStatus> previous,
      List<PhoneNumberStatus> numbers,
      Map<String, NumberObservation> seen) {
    FlowsEncryptionKey resource = pass.resource();
    if (key.generatedNow()) {
      keyGenerated.run();
      events.record(
          resource,
          KeyEvents.NORMAL,
          "KeyGenerated",
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
   * Appends the notice to the Ready message, and sends a Warning Event when the stored Ready
   * message did not carry it yet: once per change, however many passes meet the upgraded version.
   */
  private void tellAboutVersion(
      ReconcilePass pass, FlowsEncryptionKeyStatus next, GraphVersionNotice notice) {
    String sentence = notice.sentence();
    ConditionCalculator.find(next.getConditions(), Conditions.READY)
        .ifPresent(c -> c.setMessage(c.getMessage() + "; " + sentence));
    boolean told =
        ConditionCalculator.find(pass.before().getConditions(), Conditions.READY)
            .filter(c -> c.getMessage() != null && c.getMessage().contains(sentence))
            .isPresent();
    if (!told) {
      events.record(pass.resource(), KeyEvents.WARNING, GraphVersionNotice.EVENT_REASON, sentence);
    }
  }

  /** A Warning Event when the condition's reason is new, so a retry loop does not spam. */
  private void warnOnChange(
      ReconcilePass pass, String conditionType, String reason, String message) {
    Optional<Condition> old =
        ConditionCalculator.find(pass.before().getConditions(), conditionType);
    if (old.isEmpty() || !Objects.equals(old.get().getReason(), reason)) {
      events.record(pass.resource(), KeyEvents.WARNING, reason, message);
    }
  }

  /**
   * A brought key whose Secret went missing stays known as brought, so that no later pass mistakes
   * the resource for a new one and generates a key over the person's own.
   */
  private static dev.waflows.operator.api.KeySource keptSource(
      FlowsEncryptionKeyStatus before, KeyOutcome key) {
    boolean broughtAndGone =
        before.getKeySource() == dev.waflows.operator.api.KeySource.Loaded
            && Reasons.SECRET_NOT_FOUND.equals(key.verdict().reason());
    return broughtAndGone ? dev.waflows.operator.api.KeySource.Loaded : null;
  }

  private static FlowsEncryptionKeyStatus copyOf(FlowsEncryptionKeyStatus s) {
    FlowsEncryptionKeyStatus c = new FlowsEncryptionKeyStatus();
    c.setObservedGeneration(s.getObservedGeneration());
    c.setKeyFingerprint(s.getKeyFingerprint());
    c.setKeySource(s.getKeySource());
    c.setMode(s.getMode());
    c.setSummary(s.getSummary());
    c.setLastHandledReconcileAt(s.getLastHandledReconcileAt());
    c.setLastHandledRotateAt(s.getLastHandledRotateAt());
    c.setPreviousKeyFingerprint(s.getPreviousKeyFingerprint());
    c.setPreviousKeyExpiresTime(s.getPreviousKeyExpiresTime());
    c.setLastRotationTime(s.getLastRotationTime());
    c.setNextRotationTime(s.getNextRotationTime());
    c.setPhoneNumbers(
        new ArrayList<>(s.getPhoneNumbers().stream().map(PhoneNumberStatus::copy).toList()));
    c.setConditions(new ArrayList<>(s.getConditions()));
    return c;
  }
}
