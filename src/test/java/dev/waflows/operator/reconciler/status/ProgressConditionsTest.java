package dev.waflows.operator.reconciler.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.endpoint.EndpointState;
import dev.waflows.operator.reconciler.secrets.KeyVerdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reconciling and Stalled for each kind of state the operator reports. */
class ProgressConditionsTest {

  private static final String NOW = "2026-11-30T10:00:00Z";
  private static final KeyVerdict KEY = new KeyVerdict(true, "Loaded", "ok");

  private static PhoneNumberStatus number(String reason, String sig, Boolean matches) {
    PhoneNumberStatus s = new PhoneNumberStatus("106540352242922");
    s.setReason(reason);
    s.setSignatureStatus(sig);
    s.setKeyMatches(matches);
    s.setMessage(reason + " detail");
    return s;
  }

  private static Assessment numbers(Mode mode, Optional<String> rotation, PhoneNumberStatus... n) {
    return new Assessment(
        1,
        mode,
        Optional.empty(),
        Optional.of(KEY),
        Optional.empty(),
        List.of(n),
        false,
        rotation,
        Optional.empty(),
        Optional.empty());
  }

  private static Assessment withEndpoint(
      EndpointState endpoint, Optional<String> rotation, PhoneNumberStatus... n) {
    return new Assessment(
        1,
        Mode.Register,
        Optional.empty(),
        Optional.of(KEY),
        Optional.empty(),
        List.of(n),
        false,
        rotation,
        Optional.empty(),
        Optional.of(endpoint));
  }

  private static EndpointState probed(String reason, boolean waiting) {
    return new EndpointState(reason.equals("Opened"), reason, reason + " detail", waiting);
  }

  private static Assessment register(PhoneNumberStatus... n) {
    return numbers(Mode.Register, Optional.empty(), n);
  }

  static Stream<Arguments> states() {
    PhoneNumberStatus valid = number("Registered", "VALID", true);
    return Stream.of(
        // what the resource looks like, Reconciling, Stalled, the reason both carry
        Arguments.of("every number VALID", register(valid), "False", "False", "Ready"),
        Arguments.of(
            "rotation under way, still VALID",
            numbers(Mode.Register, Optional.of("new key registered in 2m"), valid),
            "True",
            "False",
            "Rotating"),
        Arguments.of(
            "not registered yet (Register)",
            register(number("NotRegistered", null, false)),
            "True",
            "False",
            "NotRegistered"),
        Arguments.of(
            "not ours in Verify mode",
            numbers(Mode.Verify, Optional.empty(), number("NotRegistered", null, false)),
            "False",
            "True",
            "NotRegistered"),
        Arguments.of(
            "MISMATCH in Verify mode",
            numbers(Mode.Verify, Optional.empty(), number("Mismatch", "MISMATCH", true)),
            "False",
            "True",
            "Mismatch"),
        Arguments.of(
            "MISMATCH in Register mode (re-registered)",
            register(number("Mismatch", "MISMATCH", true)),
            "True",
            "False",
            "Mismatch"),
        Arguments.of(
            "rate limited",
            register(number("RateLimited", null, null)),
            "True",
            "False",
            "RateLimited"),
        Arguments.of(
            "Graph down",
            register(number("GraphUnavailable", null, null)),
            "True",
            "False",
            "GraphUnavailable"),
        Arguments.of(
            "token refused",
            register(number("InvalidToken", null, null)),
            "False",
            "True",
            "InvalidToken"),
        Arguments.of(
            "conflict beats a transient failure",
            register(number("RateLimited", null, null), conflict()),
            "False",
            "True",
            "Conflict"),
        Arguments.of(
            "invalid key",
            new Assessment(
                1,
                Mode.Register,
                Optional.empty(),
                Optional.of(new KeyVerdict(false, "InvalidKey", "not RSA-2048")),
                Optional.empty(),
                List.of(valid),
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()),
            "False",
            "True",
            "InvalidKey"),
        Arguments.of(
            "a Secret not created yet, within the wait",
            missingToken(Optional.of(Instant.parse("2026-11-30T10:05:00Z"))),
            "True",
            "False",
            "SecretNotFound"),
        Arguments.of(
            "a Secret not created yet, the wait over",
            missingToken(Optional.empty()),
            "False",
            "True",
            "SecretNotFound"),
        Arguments.of(
            "a Secret not created yet does not hide a conflict",
            new Assessment(
                1,
                Mode.Register,
                Optional.empty(),
                Optional.of(new KeyVerdict(false, "SecretNotFound", "key Secret missing")),
                Optional.empty(),
                List.of(conflict()),
                false,
                Optional.empty(),
                Optional.of(Instant.parse("2026-11-30T10:05:00Z")),
                Optional.empty()),
            "False",
            "True",
            "Conflict"),
        Arguments.of(
            "invalid spec",
            Assessment.blocked(1, new Problem("InvalidSpec", "bad"), List.of()),
            "False",
            "True",
            "InvalidSpec"),
        Arguments.of(
            "endpoint opened, every number VALID",
            withEndpoint(probed("Opened", false), Optional.empty(), valid),
            "False",
            "False",
            "Ready"),
        Arguments.of(
            "a first key waits for the endpoint",
            withEndpoint(
                probed("EndpointCannotDecrypt", true),
                Optional.empty(),
                number("NotRegistered", null, false)),
            "True",
            "False",
            "WaitingForEndpoint"),
        Arguments.of(
            "a rotated key waits for the endpoint, previous key VALID",
            withEndpoint(
                probed("EndpointCannotDecrypt", true),
                Optional.of("registering the new key"),
                valid),
            "True",
            "False",
            "WaitingForEndpoint"),
        Arguments.of(
            "the endpoint cannot open the key Graph holds",
            withEndpoint(probed("EndpointCannotDecrypt", false), Optional.empty(), valid),
            "False",
            "True",
            "EndpointCannotDecrypt"),
        Arguments.of(
            "the endpoint refuses the signature",
            withEndpoint(probed("EndpointRejectedSignature", false), Optional.empty(), valid),
            "False",
            "True",
            "EndpointRejectedSignature"),
        Arguments.of(
            "the endpoint answers badly",
            withEndpoint(probed("EndpointBadResponse", false), Optional.empty(), valid),
            "False",
            "True",
            "EndpointBadResponse"),
        Arguments.of(
            "the endpoint is unreachable: retried",
            withEndpoint(probed("EndpointUnreachable", false), Optional.empty(), valid),
            "True",
            "False",
            "EndpointUnreachable"),
        Arguments.of(
            "a contested number", register(valid, contested()), "False", "True", "KeyContested"),
        Arguments.of(
            "Kubernetes API error heals by itself",
            Assessment.blocked(1, new Problem("KubernetesApiError", "403"), List.of()),
            "True",
            "False",
            "KubernetesApiError"));
  }

  private static Assessment missingToken(Optional<Instant> awaitedUntil) {
    return new Assessment(
        1,
        Mode.Register,
        Optional.empty(),
        Optional.of(KEY),
        Optional.of(new Problem("SecretNotFound", "the access token Secret t was not found")),
        List.of(),
        false,
        Optional.empty(),
        awaitedUntil,
        Optional.empty());
  }

  private static PhoneNumberStatus contested() {
    PhoneNumberStatus c = number("KeyContested", "VALID", false);
    c.setId("106540352242924");
    return c;
  }

  /** Ready requires EndpointReady, except while a new key waits for the endpoint. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointStates")
  void readyAndEndpointReady(
      String state,
      EndpointState endpoint,
      String ready,
      String readyReason,
      String endpointReady) {
    PhoneNumberStatus valid = number("Registered", "VALID", true);
    List<Condition> cs =
        ConditionCalculator.next(List.of(), withEndpoint(endpoint, Optional.empty(), valid), NOW);
    assertThat(find(cs, "Ready").getStatus() + " " + find(cs, "Ready").getReason())
        .isEqualTo(ready + " " + readyReason);
    assertThat(find(cs, "EndpointReady").getStatus() + " " + find(cs, "EndpointReady").getReason())
        .isEqualTo(endpointReady);
  }

  static Stream<Arguments> endpointStates() {
    return Stream.of(
        Arguments.of("opened", probed("Opened", false), "True", "Ready", "True Opened"),
        Arguments.of(
            "421 on the key Graph holds",
            probed("EndpointCannotDecrypt", false),
            "False",
            "EndpointCannotDecrypt",
            "False EndpointCannotDecrypt"),
        Arguments.of(
            "421 on a new key that waits: Ready stays",
            probed("EndpointCannotDecrypt", true),
            "True",
            "Ready",
            "False EndpointCannotDecrypt"),
        Arguments.of(
            "not probed yet",
            EndpointState.notProbed("no key yet"),
            "True",
            "Ready",
            "False Pending"));
  }

  @org.junit.jupiter.api.Test
  void withoutAnEndpointThereIsNoEndpointReadyCondition() {
    List<Condition> cs =
        ConditionCalculator.next(List.of(), register(number("Registered", "VALID", true)), NOW);
    assertThat(cs).extracting(Condition::getType).doesNotContain("EndpointReady");
  }

  private static PhoneNumberStatus conflict() {
    PhoneNumberStatus c = number("Conflict", null, null);
    c.setId("106540352242923");
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void reconcilingAndStalledFollowKstatus(
      String state, Assessment a, String reconciling, String stalled, String reason) {
    List<Condition> cs = ConditionCalculator.next(List.of(), a, NOW);
    Condition r = find(cs, "Reconciling");
    Condition s = find(cs, "Stalled");
    assertThat(r.getStatus()).as("Reconciling").isEqualTo(reconciling);
    assertThat(s.getStatus()).as("Stalled").isEqualTo(stalled);
    assertThat(r.getStatus().equals("True") && s.getStatus().equals("True"))
        .as("never both")
        .isFalse();
    Condition active = "True".equals(stalled) ? s : r;
    assertThat(active.getReason()).isEqualTo(reason);
    assertThat(active.getObservedGeneration()).isEqualTo(1L);
  }

  private static Condition find(List<Condition> cs, String type) {
    return cs.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
