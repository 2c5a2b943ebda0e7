package dev.waflows.operator.health;

import static dev.waflows.operator.health.Kstatus.Status.CURRENT;
import static dev.waflows.operator.health.Kstatus.Status.FAILED;
import static dev.waflows.operator.health.Kstatus.Status.IN_PROGRESS;
import static dev.waflows.operator.health.Kstatus.Status.TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.health.Kstatus.Status;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kstatus rules on hand-written objects, one rule (and its order) per row. */
class KstatusTest {

  static Stream<Arguments> rules() {
    return Stream.of(
        row(
            "deletion wins over everything",
            FekFixture.generation(2)
                .deleting()
                .observed(1)
                .condition("Stalled", "True", "InvalidKey", "bad key"),
            TERMINATING,
            ""),
        row(
            "status for an older generation",
            FekFixture.generation(3)
                .observed(2)
                .condition("Ready", "True", "Registered", "2/2 numbers VALID"),
            IN_PROGRESS,
            "LatestGenerationNotObserved"),
        row(
            "observedGeneration ahead of generation is not current either",
            FekFixture.generation(2).observed(3).condition("Ready", "True", "Registered", ""),
            IN_PROGRESS,
            "LatestGenerationNotObserved"),
        row("no status at all: nothing to go by, current", FekFixture.generation(1), CURRENT, ""),
        row(
            "Reconciling=True",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "Pending", "registering")
                .condition("Reconciling", "True", "Registering", "registering 2 numbers"),
            IN_PROGRESS,
            "Registering"),
        row(
            "Reconciling=True with Ready=True (a rotation) is still in progress",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "True", "Registered", "")
                .condition("Reconciling", "True", "Rotating", "new key written"),
            IN_PROGRESS,
            "Rotating"),
        row(
            "Ready=True while a rotated key waits for the endpoint is in progress",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "True", "Ready", "")
                .condition("Reconciling", "True", "WaitingForEndpoint", "endpoint answers 421"),
            IN_PROGRESS,
            "WaitingForEndpoint"),
        row(
            "EndpointUnreachable is in progress",
            FekFixture.generation(1)
                .observed(1)
                .condition("EndpointReady", "False", "EndpointUnreachable", "")
                .condition("Ready", "False", "EndpointUnreachable", "")
                .condition("Reconciling", "True", "EndpointUnreachable", "")
                .condition("Stalled", "False", "EndpointUnreachable", ""),
            IN_PROGRESS,
            "EndpointUnreachable"),
        row(
            "KeyContested fails",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "KeyContested", "")
                .condition("Reconciling", "False", "KeyContested", "")
                .condition("Stalled", "True", "KeyContested", ""),
            FAILED,
            "KeyContested"),
        row(
            "an endpoint that refuses the signature fails",
            FekFixture.generation(1)
                .observed(1)
                .condition("EndpointReady", "False", "EndpointRejectedSignature", "")
                .condition("Ready", "False", "EndpointRejectedSignature", "")
                .condition("Stalled", "True", "EndpointRejectedSignature", ""),
            FAILED,
            "EndpointRejectedSignature"),
        row(
            "Stalled=True",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "InvalidToken", "token refused")
                .condition("Reconciling", "False", "InvalidToken", "")
                .condition("Stalled", "True", "InvalidToken", "token refused"),
            FAILED,
            "InvalidToken"),
        row(
            "the first of Reconciling and Stalled in the list decides",
            FekFixture.generation(1)
                .observed(1)
                .condition("Stalled", "True", "Conflict", "")
                .condition("Reconciling", "True", "Registering", ""),
            FAILED,
            "Conflict"),
        row(
            "Ready=False without Reconciling or Stalled",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "RateLimited", "retrying")
                .condition("Stalled", "False", "RateLimited", ""),
            IN_PROGRESS,
            "RateLimited"),
        row(
            "Ready=Unknown",
            FekFixture.generation(1).observed(1).condition("Ready", "Unknown", "Pending", ""),
            IN_PROGRESS,
            "Pending"),
        row(
            "Ready=True",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "True", "Registered", "")
                .condition("Reconciling", "False", "Registered", "")
                .condition("Stalled", "False", "Registered", ""),
            CURRENT,
            ""),
        row(
            "only conditions kstatus does not know",
            FekFixture.generation(1).observed(1).condition("KeyReady", "False", "InvalidKey", ""),
            CURRENT,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void computesWhatKstatusComputes(String name, FekFixture resource, Status status, String reason) {
    Kstatus.Result result = Kstatus.compute(resource.build());
    assertThat(result.status()).isEqualTo(status);
    assertThat(result.reason()).isEqualTo(reason);
  }

  @Test
  void readsMapsAndJsonTextAsWellAsTypedObjects() {
    Map<String, Object> map =
        Map.of(
            "kind", "FlowsEncryptionKey",
            "metadata", Map.of("name", "shop", "generation", 4),
            "status", Map.of("observedGeneration", 3));
    assertThat(Kstatus.compute(map).message())
        .isEqualTo("FlowsEncryptionKey generation is 4, but latest observed generation is 3");
    String json =
        "{\"metadata\":{\"generation\":1},\"status\":{\"observedGeneration\":1,"
            + "\"conditions\":[{\"type\":\"Stalled\",\"status\":\"True\",\"reason\":\"InvalidKey\","
            + "\"message\":\"not RSA-2048\"}]}}";
    assertThat(Kstatus.compute(json))
        .isEqualTo(new Kstatus.Result(FAILED, "InvalidKey", "not RSA-2048"));
  }

  private static Arguments row(String name, FekFixture resource, Status status, String reason) {
    return Arguments.of(name, resource, status, reason);
  }
}
