package dev.waflows.operator.reconciler.status;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.endpoint.EndpointState;
import dev.waflows.operator.reconciler.rotation.RotationCoordinator;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the next status from what a pass learned; {@link StatusEvents} tells users what changed.
 */
public class StatusReporter {

  private final StatusEvents events;

  /**
   * @param keyGenerated counts a key the operator generated
   */
  public StatusReporter(KeyEvents events, Runnable keyGenerated) {
    this.events = new StatusEvents(events, keyGenerated);
  }

  /**
   * @param rotationRefusal why a rotate-requested-at is not acted on while paused, if one is set
   */
  public FlowsEncryptionKeyStatus paused(ReconcilePass pass, Optional<String> rotationRefusal) {
    FlowsEncryptionKeyStatus next = pass.before().copy();
    Assessment a = Assessment.paused(pass.generation(), next.getPhoneNumbers());
    next.setConditions(
        ConditionCalculator.next(pass.before().getConditions(), a, pass.timestamp()));
    rotationRefusal.ifPresent(
        r -> notice(pass, next, Conditions.PAUSED, EventReasons.ROTATION_REFUSED, r));
    return next;
  }

  /** A problem that stops the pass before any number is checked; per-number status stays. */
  public FlowsEncryptionKeyStatus blocked(ReconcilePass pass, Problem problem) {
    FlowsEncryptionKeyStatus next = pass.before().copy();
    observe(pass, next);
    Assessment a = Assessment.blocked(pass.generation(), problem, next.getPhoneNumbers());
    next.setConditions(
        ConditionCalculator.next(pass.before().getConditions(), a, pass.timestamp()));
    events.warnOnChange(pass, Conditions.READY, problem.reason(), problem.message());
    return next;
  }

  /**
   * @param endpoint what the endpoint probe found, when spec.endpoint is set
   */
  public FlowsEncryptionKeyStatus verified(
      ReconcilePass pass,
      Mode mode,
      KeyOutcome key,
      Optional<Problem> tokenProblem,
      List<NumberObservation> observations,
      String requestedVersion,
      Optional<RotationCoordinator.Report> rotation,
      Optional<EndpointState> endpoint) {
    FlowsEncryptionKey resource = pass.resource();
    FlowsEncryptionKeyStatus next = pass.before().copy();
    observe(pass, next);
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
            rotation.flatMap(RotationCoordinator.Report::rotating),
            SecretGrace.openUntil(next.getGenerationObservedTime(), pass.now()),
            endpoint);
    next.setConditions(
        ConditionCalculator.next(pass.before().getConditions(), a, pass.timestamp()));
    GraphVersionNotice.of(requestedVersion, observations)
        .ifPresent(
            n ->
                notice(
                    pass, next, Conditions.READY, GraphVersionNotice.EVENT_REASON, n.sentence()));
    rotation
        .flatMap(RotationCoordinator.Report::refusal)
        .ifPresent(r -> notice(pass, next, Conditions.READY, EventReasons.ROTATION_REFUSED, r));

    boolean rotationSaysIt =
        rotation.map(RotationCoordinator.Report::registeredEverywhereNow).orElse(false);
    events.announce(pass, key, tokenProblem, previous, numbers, seen, rotationSaysIt);
    return next;
  }

  /**
   * Adds an advice about the spec to the Ready message of {@code next} (a status of this pass), and
   * tells it with a Warning Event once per spec generation.
   */
  public void advise(
      ReconcilePass pass, FlowsEncryptionKeyStatus next, String eventReason, String advice) {
    appendTo(next, Conditions.READY, advice);
    events.adviceOncePerGeneration(pass, eventReason, advice);
  }

  private static void appendTo(
      FlowsEncryptionKeyStatus next, String conditionType, String sentence) {
    Conditions.find(next.getConditions(), conditionType)
        .ifPresent(c -> c.setMessage(c.getMessage() + "; " + sentence));
  }

  /** The status now describes this generation, first seen when it is stored to have been. */
  private static void observe(ReconcilePass pass, FlowsEncryptionKeyStatus next) {
    next.setGenerationObservedTime(
        SecretGrace.generationSeen(pass.before(), pass.generation(), pass.timestamp()));
    next.setObservedGeneration(pass.generation());
  }

  /**
   * Appends {@code sentence} to the condition's message, where people look and where it marks the
   * Warning Event as sent, and sends that Event the first time.
   */
  private void notice(
      ReconcilePass pass,
      FlowsEncryptionKeyStatus next,
      String conditionType,
      String reason,
      String sentence) {
    appendTo(next, conditionType, sentence);
    events.noticeOnce(pass, conditionType, reason, sentence);
  }

  /**
   * A brought key whose Secret went missing stays known as brought, so that no later pass mistakes
   * the resource for a new one and generates a key over the person's own.
   */
  private static KeySource keptSource(FlowsEncryptionKeyStatus before, KeyOutcome key) {
    boolean broughtAndGone =
        before.getKeySource() == KeySource.Loaded
            && Reasons.SECRET_NOT_FOUND.equals(key.verdict().reason());
    return broughtAndGone ? KeySource.Loaded : null;
  }
}
