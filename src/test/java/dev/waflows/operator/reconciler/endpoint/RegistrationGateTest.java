package dev.waflows.operator.reconciler.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.endpoint.ProbeOutcome;
import dev.waflows.operator.reconciler.endpoint.RegistrationGate.Decision;
import dev.waflows.operator.reconciler.endpoint.RegistrationGate.GraphState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationGateTest {

  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final String NEW = "SHA256:new";

  @ParameterizedTest(name = "[{index}] endpoint {0}, probe {1} of {2} {3}s ago, graph {4} -> {5}")
  @CsvSource({
    // without an endpoint only Graph counts
    "false, ,                      ,    ,  NONE,             REGISTER",
    "false, ,                      ,    ,  OTHER,            REGISTER",
    "false, ,                      ,    ,  CURRENT,          NOTHING_TO_DO",
    // with one: the first key, a takeover, a rotated key, a MISMATCH all wait for the probe
    "true,  ,                      ,    ,  NONE,             WAIT_FOR_ENDPOINT",
    "true,  ,                      ,    ,  OTHER,            WAIT_FOR_ENDPOINT",
    "true,  ,                      ,    ,  PREVIOUS,         WAIT_FOR_ENDPOINT",
    "true,  ,                      ,    ,  CURRENT_MISMATCH, WAIT_FOR_ENDPOINT",
    // the endpoint still holds the old key
    "true,  CannotDecrypt,         new, 1, OTHER,            WAIT_FOR_ENDPOINT",
    "true,  Unreachable,           new, 1, PREVIOUS,         WAIT_FOR_ENDPOINT",
    "true,  BadResponse,           new, 1, NONE,             WAIT_FOR_ENDPOINT",
    "true,  RejectedSignature,     new, 1, NONE,             WAIT_FOR_ENDPOINT",
    // it opened another key (the previous one), not this one
    "true,  Opened,                old, 1, PREVIOUS,         WAIT_FOR_ENDPOINT",
    // it opened this key: register now
    "true,  Opened,                new, 1, NONE,             REGISTER",
    "true,  Opened,                new, 1, OTHER,            REGISTER",
    "true,  Opened,                new, 1, PREVIOUS,         REGISTER",
    "true,  Opened,                new, 1, CURRENT_MISMATCH, REGISTER",
    "true,  Opened,                new, 299, NONE,           REGISTER",
    // a probe too old to trust, or from the future, does not count
    "true,  Opened,                new, 301, NONE,           WAIT_FOR_ENDPOINT",
    "true,  Opened,                new, -60, NONE,           WAIT_FOR_ENDPOINT",
    // nothing to register, whatever the endpoint says
    "true,  CannotDecrypt,         new, 1, CURRENT,          NOTHING_TO_DO",
    "true,  ,                      ,    ,  CURRENT,          NOTHING_TO_DO",
  })
  void table(
      boolean endpointSet,
      ProbeOutcome outcome,
      String probedKey,
      Long secondsAgo,
      GraphState graph,
      Decision expected) {
    Optional<RegistrationGate.Probe> probe =
        Optional.ofNullable(outcome)
            .map(
                o ->
                    new RegistrationGate.Probe(
                        "SHA256:" + probedKey, o, NOW.minus(Duration.ofSeconds(secondsAgo))));
    assertThat(
            RegistrationGate.decide(
                new RegistrationGate.Input(endpointSet, NEW, probe, graph, NOW)))
        .isEqualTo(expected);
  }
}
