package dev.waflows.operator.reconciler.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.endpoint.ProbeOutcome;
import dev.waflows.operator.reconciler.endpoint.RegistrationGate;
import dev.waflows.operator.reconciler.verification.RegistrationPolicy.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The order of the rules: mode, contested key, rotation timer, endpoint gate. */
class RegistrationPolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final String ID = "106540352242922";
  private static final String KEY = "SHA256:ours";

  @ParameterizedTest(name = "[{index}] {0} {1} rotation-ok {2} endpoint {3} opened {4} -> {5}")
  @CsvSource({
    // Graph state: CURRENT, MISMATCH, PREVIOUS, OTHER, NONE; last status: FRESH (none), OURS
    // (our key was there), CONTESTED, REPLACED (replaced 10 minutes ago)
    "Register, CURRENT,  true,  false, false, FRESH,     NOTHING_TO_DO",
    "Verify,   OTHER,    true,  false, false, FRESH,     HOLD",
    "Verify,   OTHER,    true,  false, false, OURS,      HOLD",
    "Register, NONE,     true,  false, false, FRESH,     REGISTER",
    "Register, OTHER,    true,  false, false, FRESH,     REGISTER",
    "Register, MISMATCH, true,  false, false, FRESH,     REGISTER",
    "Register, PREVIOUS, false, false, false, FRESH,     HOLD",
    "Register, PREVIOUS, true,  false, false, FRESH,     REGISTER",
    // with an endpoint: only after it opened our key
    "Register, NONE,     true,  true,  false, FRESH,     WAIT_FOR_ENDPOINT",
    "Register, OTHER,    true,  true,  false, FRESH,     WAIT_FOR_ENDPOINT",
    "Register, PREVIOUS, true,  true,  false, FRESH,     WAIT_FOR_ENDPOINT",
    "Register, PREVIOUS, true,  true,  true,  FRESH,     REGISTER",
    "Register, OTHER,    true,  true,  true,  FRESH,     REGISTER",
    // the contested-key rule, with or without an endpoint
    "Register, OTHER,    true,  false, false, OURS,      REGISTER_AGAIN",
    "Register, OTHER,    true,  true,  true,  OURS,      REGISTER_AGAIN",
    "Register, OTHER,    true,  true,  false, OURS,      WAIT_FOR_ENDPOINT",
    "Register, OTHER,    true,  false, false, REPLACED,  CONTESTED",
    "Register, OTHER,    true,  true,  true,  REPLACED,  CONTESTED",
    "Register, OTHER,    true,  false, false, CONTESTED, CONTESTED",
    "Register, NONE,     true,  false, false, CONTESTED, CONTESTED",
    "Register, CURRENT,  true,  false, false, CONTESTED, NOTHING_TO_DO",
  })
  void decides(
      Mode mode,
      String graph,
      boolean rotationAllows,
      boolean endpointSet,
      boolean opened,
      String before,
      Action expected) {
    PhoneNumberStatus last = new PhoneNumberStatus(ID);
    switch (before) {
      case "OURS" -> last.setKeyMatches(true);
      case "CONTESTED" -> {
        last.setKeyMatches(false);
        last.setReason("KeyContested");
        last.setLastReplacedTime("2026-12-05T11:50:00Z");
      }
      case "REPLACED" -> {
        last.setKeyMatches(true);
        last.setLastReplacedTime("2026-12-05T11:50:00Z");
      }
      default -> last = null;
    }
    RegistrationPolicy policy =
        new RegistrationPolicy(
            mode,
            rotationAllows,
            endpointSet,
            KEY,
            opened
                ? Optional.of(new RegistrationGate.Probe(KEY, ProbeOutcome.Opened, NOW))
                : Optional.empty(),
            last == null ? Map.of() : Map.of(ID, last),
            true,
            false,
            Duration.ofMinutes(5),
            NOW);
    Action a =
        policy.decide(
            ID,
            graph.equals("CURRENT") || graph.equals("MISMATCH"),
            graph.equals("PREVIOUS"),
            !graph.equals("NONE"),
            graph.equals("MISMATCH"));
    assertThat(a).isEqualTo(expected);
  }
}
