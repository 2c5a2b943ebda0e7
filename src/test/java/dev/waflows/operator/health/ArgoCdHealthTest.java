package dev.waflows.operator.health;

import static dev.waflows.operator.health.ArgoCdHealth.Status.DEGRADED;
import static dev.waflows.operator.health.ArgoCdHealth.Status.HEALTHY;
import static dev.waflows.operator.health.ArgoCdHealth.Status.PROGRESSING;
import static dev.waflows.operator.health.ArgoCdHealth.Status.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.health.ArgoCdHealth.Status;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/argocd/health.lua run by lua5.1 on each state the operator reports. */
class ArgoCdHealthTest {

  static Stream<Arguments> states() {
    return Stream.of(
        row(
            "paused by annotation, before the operator wrote Paused",
            FekFixture.generation(2)
                .annotation("waflows.dev/paused", "true")
                .observed(1)
                .condition("Ready", "True", "Registered", ""),
            SUSPENDED,
            "waflows.dev/paused"),
        row(
            "Paused=True",
            FekFixture.generation(1)
                .observed(1)
                .condition("Paused", "True", "Paused", "no Graph call until unpaused")
                .condition("Ready", "False", "Paused", ""),
            SUSPENDED,
            "no Graph call until unpaused"),
        row(
            "paused annotation other than true is not a pause",
            FekFixture.generation(1)
                .annotation("waflows.dev/paused", "false")
                .observed(1)
                .condition("Ready", "True", "Registered", "1/1 numbers VALID"),
            HEALTHY,
            "1/1 numbers VALID"),
        row("no status yet", FekFixture.generation(1), PROGRESSING, "Waiting for the operator"),
        row(
            "status for an older generation",
            FekFixture.generation(3)
                .observed(2)
                .condition("Ready", "True", "Registered", "")
                .condition("Stalled", "False", "Registered", ""),
            PROGRESSING,
            "generation 3"),
        row(
            "Stalled=True InvalidKey",
            FekFixture.generation(1)
                .observed(1)
                .condition("KeyReady", "False", "InvalidKey", "private.pem is not RSA-2048")
                .condition("Ready", "False", "InvalidKey", "private.pem is not RSA-2048")
                .condition("Reconciling", "False", "InvalidKey", "")
                .condition("Stalled", "True", "InvalidKey", "private.pem is not RSA-2048"),
            DEGRADED,
            "InvalidKey: private.pem is not RSA-2048"),
        row(
            "Stalled=True without a message takes Ready's",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "InvalidToken", "Graph refused the token (190)")
                .condition("Stalled", "True", "InvalidToken", ""),
            DEGRADED,
            "InvalidToken: Graph refused the token (190)"),
        row(
            "Ready=True",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "True", "Registered", "2/2 numbers VALID")
                .condition("Reconciling", "False", "Registered", "")
                .condition("Stalled", "False", "Registered", ""),
            HEALTHY,
            "Registered: 2/2 numbers VALID"),
        row(
            "Ready=True during a rotation",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "True", "Registered", "2/2 numbers VALID")
                .condition("Reconciling", "True", "Rotating", "new key registered in 2m"),
            HEALTHY,
            "rotation under way"),
        row(
            "Ready=True while a rotated key waits for the endpoint",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "True", "Ready", "2/2 numbers VALID")
                .condition("EndpointReady", "False", "EndpointCannotDecrypt", "HTTP 421")
                .condition("Reconciling", "True", "WaitingForEndpoint", "new key not opened yet"),
            HEALTHY,
            "waits for the endpoint"),
        row(
            "a first key waiting for the endpoint",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "NotRegistered", "0/2 numbers VALID")
                .condition("Reconciling", "True", "WaitingForEndpoint", "endpoint answers 421")
                .condition("Stalled", "False", "WaitingForEndpoint", ""),
            PROGRESSING,
            "WaitingForEndpoint: endpoint answers 421"),
        row(
            "Stalled=True KeyContested",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "KeyContested", "1: replaced twice within an hour")
                .condition("Reconciling", "False", "KeyContested", "")
                .condition("Stalled", "True", "KeyContested", "1: replaced twice within an hour"),
            DEGRADED,
            "KeyContested: 1: replaced twice"),
        row(
            "Stalled=True EndpointCannotDecrypt",
            FekFixture.generation(1)
                .observed(1)
                .condition("EndpointReady", "False", "EndpointCannotDecrypt", "HTTP 421")
                .condition("Ready", "False", "EndpointCannotDecrypt", "HTTP 421")
                .condition("Stalled", "True", "EndpointCannotDecrypt", "HTTP 421"),
            DEGRADED,
            "EndpointCannotDecrypt: HTTP 421"),
        row(
            "Ready=False EndpointUnreachable (transient)",
            FekFixture.generation(1)
                .observed(1)
                .condition("EndpointReady", "False", "EndpointUnreachable", "no answer in 10 s")
                .condition("Ready", "False", "EndpointUnreachable", "no answer in 10 s")
                .condition("Reconciling", "True", "EndpointUnreachable", "no answer in 10 s")
                .condition("Stalled", "False", "EndpointUnreachable", ""),
            PROGRESSING,
            "EndpointUnreachable: no answer in 10 s"),
        row(
            "Reconciling=True while registering",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "NotRegistered", "0/2 numbers VALID")
                .condition("Reconciling", "True", "Registering", "registering 2 numbers"),
            PROGRESSING,
            "Registering: registering 2 numbers"),
        row(
            "Ready=False RateLimited (transient)",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "RateLimited", "Graph asked to slow down")
                .condition("Stalled", "False", "RateLimited", ""),
            PROGRESSING,
            "RateLimited: Graph asked to slow down"),
        row(
            "Ready=False GraphUnavailable (transient)",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "GraphUnavailable", "HTTP 503 (fbtrace_id A1)"),
            PROGRESSING,
            "GraphUnavailable: HTTP 503 (fbtrace_id A1)"),
        row(
            "Ready=False KubernetesApiError (transient)",
            FekFixture.generation(1)
                .observed(1)
                .condition("Ready", "False", "KubernetesApiError", "HTTP 500 from the API server"),
            PROGRESSING,
            "KubernetesApiError"),
        row(
            "status without a Ready condition",
            FekFixture.generation(1).observed(1),
            PROGRESSING,
            "report Ready"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void mapsEachStateAsDocumented(
      String name, FekFixture resource, Status status, String messagePart) {
    ArgoCdHealth.Health health = ArgoCdHealth.evaluate(resource.build());
    assertThat(health.status()).isEqualTo(status);
    assertThat(health.message()).contains(messagePart);
  }

  @Test
  void readsMapsAndKeepsTextIntact() {
    Map<String, Object> map =
        Map.of(
            "metadata", Map.of("name", "shop", "generation", 1),
            "status",
                Map.of(
                    "observedGeneration",
                    1,
                    "conditions",
                    new Object[] {
                      Map.of(
                          "type", "Stalled",
                          "status", "True",
                          "reason", "PermissionDenied",
                          "message", "\"no\" access \\ für Flows\n(code 10)")
                    }));
    assertThat(ArgoCdHealth.evaluate(map))
        .isEqualTo(
            new ArgoCdHealth.Health(
                DEGRADED, "PermissionDenied: \"no\" access \\ für Flows\n(code 10)"));
  }

  @Test
  void configMapPatchCarriesTheScriptVerbatim() throws Exception {
    ConfigMap cm =
        Serialization.unmarshal(
            Files.readString(Path.of("deploy/argocd/argocd-cm-patch.yaml")), ConfigMap.class);
    assertThat(cm.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(cm.getData())
        .containsOnlyKeys("resource.customizations.health.waflows.dev_FlowsEncryptionKey");
    assertThat(cm.getData().values().iterator().next())
        .isEqualTo(Files.readString(ArgoCdHealth.SCRIPT));
  }

  private static Arguments row(String name, FekFixture resource, Status status, String message) {
    return Arguments.of(name, resource, status, message);
  }
}
