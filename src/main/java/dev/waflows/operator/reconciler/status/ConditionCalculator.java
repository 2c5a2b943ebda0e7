package dev.waflows.operator.reconciler.status;

import static dev.waflows.operator.api.Conditions.FALSE;
import static dev.waflows.operator.api.Conditions.TRUE;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.secrets.KeyVerdict;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Computes KeyReady, Registered, Ready, Reconciling, Stalled and Paused from an {@link Assessment}.
 * Pure. Following the Kubernetes API conventions, lastTransitionTime moves only when a condition's
 * status flips.
 */
final class ConditionCalculator {

  /** Most severe first: the reason a user must act on comes before one that heals by itself. */
  private static final List<String> SEVERITY =
      List.of(
          Reasons.INVALID_TOKEN,
          Reasons.PERMISSION_DENIED,
          Reasons.INVALID_PHONE_NUMBER,
          Reasons.CONFLICT,
          Reasons.MISMATCH,
          Reasons.NOT_REGISTERED,
          Reasons.RATE_LIMITED,
          Reasons.GRAPH_UNAVAILABLE);

  private ConditionCalculator() {}

  static List<Condition> next(List<Condition> previous, Assessment a, String now) {
    List<Condition> result = new ArrayList<>();
    if (a.paused()) {
      // Paused freezes what was known, except that no work is under way: Paused is new.
      for (Condition c : previous) {
        if (Conditions.RECONCILING.equals(c.getType())) {
          result.add(
              condition(
                  previous,
                  Conditions.RECONCILING,
                  FALSE,
                  Reasons.PAUSED,
                  "paused: no work under way",
                  a.generation(),
                  now));
        } else if (!Conditions.PAUSED.equals(c.getType())) {
          result.add(c);
        }
      }
      result.add(
          condition(
              previous,
              Conditions.PAUSED,
              TRUE,
              Reasons.PAUSED,
              "waflows.dev/paused is \"true\": no Graph call and no Secret write until removed",
              a.generation(),
              now));
      return result;
    }
    result.add(keyReady(previous, a, now));
    result.add(registered(previous, a, now));
    Condition ready = ready(previous, a, now);
    result.add(ready);
    ProgressConditions.Progress progress = ProgressConditions.of(a, ready);
    ProgressConditions.ConditionFactory factory =
        (type, status, reason, message) ->
            condition(previous, type, status, reason, message, a.generation(), now);
    result.add(ProgressConditions.reconciling(progress, factory));
    result.add(ProgressConditions.stalled(progress, factory));
    a.endpoint()
        .ifPresent(
            e ->
                result.add(
                    factory.make(
                        Conditions.ENDPOINT_READY,
                        e.opened() ? TRUE : FALSE,
                        e.reason(),
                        e.message())));
    return result;
  }

  private static Condition keyReady(List<Condition> previous, Assessment a, String now) {
    if (a.key().isPresent()) {
      KeyVerdict k = a.key().get();
      return condition(
          previous,
          Conditions.KEY_READY,
          k.ready() ? TRUE : FALSE,
          k.reason(),
          k.message(),
          a.generation(),
          now);
    }
    Optional<Condition> old = Conditions.find(previous, Conditions.KEY_READY);
    if (old.isPresent()) {
      return new ConditionBuilder(old.get()).withObservedGeneration(a.generation()).build();
    }
    String message =
        a.specProblem()
            .map(p -> "the key is not looked at: " + p.message())
            .orElse("not checked yet");
    return condition(
        previous, Conditions.KEY_READY, FALSE, Reasons.PENDING, message, a.generation(), now);
  }

  private static Condition registered(List<Condition> previous, Assessment a, String now) {
    return overNumbers(
        previous,
        a,
        now,
        new Rule(
            Conditions.REGISTERED,
            n -> Boolean.TRUE.equals(n.getKeyMatches()),
            Reasons.REGISTERED,
            "every phone number holds our key (" + a.numbers().size() + ")",
            " phone numbers do not hold our key; "));
  }

  private static Condition ready(List<Condition> previous, Assessment a, String now) {
    Condition overNumbers = readyOverNumbers(previous, a, now);
    Optional<Problem> endpoint = a.endpointProblem();
    if (TRUE.equals(overNumbers.getStatus()) && endpoint.isPresent()) {
      // Graph holds our key, but the endpoint cannot open what clients seal to it.
      return condition(
          previous,
          Conditions.READY,
          FALSE,
          endpoint.get().reason(),
          endpoint.get().message(),
          a.generation(),
          now);
    }
    return overNumbers;
  }

  private static Condition readyOverNumbers(List<Condition> previous, Assessment a, String now) {
    return overNumbers(
        previous,
        a,
        now,
        new Rule(
            Conditions.READY,
            PhoneNumberStatusCalculator::validWithOurKey,
            Reasons.READY,
            "the key is ready and every phone number is VALID with it",
            " phone numbers are not VALID with our key; "));
  }

  /** What a condition over all numbers requires of each, and how it reads either way. */
  private record Rule(
      String type,
      Predicate<PhoneNumberStatus> holds,
      String trueReason,
      String trueMessage,
      String shortfall) {}

  /** True when the rule holds for every number; otherwise the most severe failure explains it. */
  private static Condition overNumbers(
      List<Condition> previous, Assessment a, String now, Rule rule) {
    Optional<Problem> blocker = firstBlocker(a);
    if (blocker.isPresent()) {
      return condition(
          previous,
          rule.type(),
          FALSE,
          blocker.get().reason(),
          blocker.get().message(),
          a.generation(),
          now);
    }
    List<PhoneNumberStatus> failing = a.numbers().stream().filter(rule.holds().negate()).toList();
    if (failing.isEmpty() && !a.numbers().isEmpty()) {
      return condition(
          previous, rule.type(), TRUE, rule.trueReason(), rule.trueMessage(), a.generation(), now);
    }
    PhoneNumberStatus worst = worst(failing);
    return condition(
        previous,
        rule.type(),
        FALSE,
        reasonOf(worst),
        failing.size() + "/" + a.numbers().size() + rule.shortfall() + describe(worst),
        a.generation(),
        now);
  }

  /** A spec problem, an unusable key or a missing token stops everything after it. */
  private static Optional<Problem> firstBlocker(Assessment a) {
    if (a.specProblem().isPresent()) {
      return a.specProblem();
    }
    if (a.key().isPresent() && !a.key().get().ready()) {
      KeyVerdict k = a.key().get();
      return Optional.of(new Problem(k.reason(), k.message()));
    }
    return a.blocker();
  }

  private static PhoneNumberStatus worst(List<PhoneNumberStatus> numbers) {
    return numbers.stream()
        .min(Comparator.comparingInt(ConditionCalculator::severity))
        .orElse(null);
  }

  private static int severity(PhoneNumberStatus n) {
    int i = SEVERITY.indexOf(n.getReason());
    return i < 0 ? SEVERITY.size() : i;
  }

  private static String reasonOf(PhoneNumberStatus n) {
    return n == null || n.getReason() == null ? Reasons.PENDING : n.getReason();
  }

  private static String describe(PhoneNumberStatus n) {
    if (n == null) {
      return "no phone number checked yet";
    }
    if (n.getReason() == null) {
      return n.getId() + ": not checked yet";
    }
    return n.getId() + ": " + n.getReason() + ": " + n.getMessage();
  }

  private static Condition condition(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      String now) {
    String since =
        Conditions.find(previous, type)
            .filter(old -> Objects.equals(old.getStatus(), status))
            .map(Condition::getLastTransitionTime)
            .orElse(now);
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setObservedGeneration(generation);
    c.setLastTransitionTime(since);
    return c;
  }
}
