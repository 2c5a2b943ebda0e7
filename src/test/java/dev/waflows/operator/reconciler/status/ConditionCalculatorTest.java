package dev.waflows.operator.reconciler.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.secrets.KeyVerdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionCalculatorTest {

  private static final String T0 = "2026-11-25T10:00:00Z";
  private static final String T1 = "2026-11-25T11:00:00Z";
  private static final KeyVerdict LOADED = new KeyVerdict(true, "Loaded", "key loaded");

  private static PhoneNumberStatus number(String id, String reason, String sig, Boolean matches) {
    PhoneNumberStatus s = new PhoneNumberStatus(id);
    s.setReason(reason);
    s.setSignatureStatus(sig);
    s.setKeyMatches(matches);
    s.setMessage(reason + " detail");
    return s;
  }

  private static Assessment assess(Optional<KeyVerdict> key, PhoneNumberStatus... n) {
    return new Assessment(
        3,
        Mode.Register,
        Optional.empty(),
        key,
        Optional.empty(),
        List.of(n),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static Condition get(List<Condition> cs, String type) {
    return cs.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void readyWhenEveryNumberIsValidWithOurKey() {
    List<Condition> cs =
        ConditionCalculator.next(
            List.of(),
            assess(
                Optional.of(LOADED),
                number("1", "Registered", "VALID", true),
                number("2", "Registered", "VALID", true)),
            T0);
    assertThat(cs)
        .extracting(Condition::getType)
        .containsExactly("KeyReady", "Registered", "Ready", "Reconciling", "Stalled");
    assertThat(cs.subList(0, 3))
        .allSatisfy(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              assertThat(c.getLastTransitionTime()).isEqualTo(T0);
            });
    assertThat(get(cs, "KeyReady").getReason()).isEqualTo("Loaded");
  }

  @Test
  void mismatchIsRegisteredButNotReady() {
    List<Condition> cs =
        ConditionCalculator.next(
            List.of(),
            assess(
                Optional.of(LOADED),
                number("1", "Registered", "VALID", true),
                number("2", "Mismatch", "MISMATCH", true)),
            T0);
    assertThat(get(cs, "Registered").getStatus()).isEqualTo("True");
    Condition ready = get(cs, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Mismatch");
    assertThat(ready.getMessage())
        .startsWith("1/2 phone numbers are not VALID")
        .contains("2: Mismatch");
  }

  @Test
  void theReasonUsersMustActOnWins() {
    List<Condition> cs =
        ConditionCalculator.next(
            List.of(),
            assess(
                Optional.of(LOADED),
                number("1", "GraphUnavailable", null, null),
                number("2", "InvalidPhoneNumber", null, null),
                number("3", "Registered", "VALID", true)),
            T0);
    assertThat(get(cs, "Ready").getReason()).isEqualTo("InvalidPhoneNumber");
    assertThat(get(cs, "Registered").getReason()).isEqualTo("InvalidPhoneNumber");
  }

  @Test
  void anInvalidKeyBlocksEverything() {
    List<Condition> cs =
        ConditionCalculator.next(
            List.of(),
            assess(
                Optional.of(new KeyVerdict(false, "InvalidKey", "private.pem: not RSA")),
                number("1", "Registered", "VALID", true)),
            T0);
    assertThat(cs)
        .filteredOn(c -> !c.getType().equals("Stalled"))
        .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(get(cs, "Stalled").getStatus()).isEqualTo("True");
    assertThat(get(cs, "Ready").getReason()).isEqualTo("InvalidKey");
    assertThat(get(cs, "Ready").getMessage()).isEqualTo("private.pem: not RSA");
  }

  @Test
  void anInvalidSpecKeepsTheKeyConditionAndFailsReady() {
    List<Condition> before =
        ConditionCalculator.next(
            List.of(), assess(Optional.of(LOADED), number("1", "Registered", "VALID", true)), T0);
    Assessment invalid =
        Assessment.blocked(
            4,
            new Problem("InvalidSpec", "verifyInterval 30s is under the minimum of 1m"),
            List.of(number("1", "Registered", "VALID", true)));
    List<Condition> cs = ConditionCalculator.next(before, invalid, T1);
    assertThat(get(cs, "KeyReady").getStatus()).isEqualTo("True");
    assertThat(get(cs, "KeyReady").getLastTransitionTime()).isEqualTo(T0);
    assertThat(get(cs, "KeyReady").getObservedGeneration()).isEqualTo(4L);
    assertThat(get(cs, "KeyReady"))
        .as("every other field kept")
        .usingRecursiveComparison()
        .ignoringFields("observedGeneration")
        .isEqualTo(get(before, "KeyReady"));
    assertThat(get(before, "KeyReady").getObservedGeneration())
        .as("the stored condition is not changed")
        .isNotEqualTo(4L);
    assertThat(get(cs, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(get(cs, "Ready").getLastTransitionTime()).isEqualTo(T1);
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenStatusFlips() {
    List<Condition> first =
        ConditionCalculator.next(
            List.of(),
            assess(Optional.of(LOADED), number("1", "GraphUnavailable", null, null)),
            T0);
    List<Condition> second =
        ConditionCalculator.next(
            first, assess(Optional.of(LOADED), number("1", "NotRegistered", null, false)), T1);
    assertThat(get(second, "Ready").getReason()).isEqualTo("NotRegistered");
    assertThat(get(second, "Ready").getLastTransitionTime()).isEqualTo(T0);
    List<Condition> third =
        ConditionCalculator.next(
            second, assess(Optional.of(LOADED), number("1", "Registered", "VALID", true)), T1);
    assertThat(get(third, "Ready").getLastTransitionTime()).isEqualTo(T1);
  }

  @Test
  void pausedAddsPausedAndFreezesTheRest() {
    List<Condition> before =
        ConditionCalculator.next(
            List.of(), assess(Optional.of(LOADED), number("1", "Registered", "VALID", true)), T0);
    Assessment paused = Assessment.paused(3, List.of());
    List<Condition> cs = ConditionCalculator.next(before, paused, T1);
    assertThat(cs)
        .extracting(Condition::getType)
        .containsExactly("KeyReady", "Registered", "Ready", "Reconciling", "Stalled", "Paused");
    assertThat(cs.subList(0, 3)).isEqualTo(before.subList(0, 3));
    assertThat(get(cs, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(get(cs, "Paused").getStatus()).isEqualTo("True");
    List<Condition> resumed =
        ConditionCalculator.next(
            cs, assess(Optional.of(LOADED), number("1", "Registered", "VALID", true)), T1);
    assertThat(resumed).extracting(Condition::getType).doesNotContain("Paused");
  }
}
