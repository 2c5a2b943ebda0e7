package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.health.ArgoCdHealth;
import dev.waflows.operator.health.Kstatus;
import dev.waflows.operator.metrics.Scraped;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.reconciler.status.SecretGrace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token Secret that External Secrets Operator creates a moment after the resource: Flux and Argo
 * CD see work in progress, not a failure, and FlowsKeyStalled stays quiet, for 5 minutes; after
 * that the resource is Stalled without any further event. The clock runs 60 times faster.
 */
@EnableKubernetesMockClient(crud = true)
class MissingSecretOperatorTest {

  static KubernetesClient client;
  private static OperatorHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new OperatorHarness(client);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void aTokenSecretCreatedAMomentLaterIsPickedUpWithoutEverStalling() {
    String ns = h.namespace();
    h.create(ns, "shop", laterToken(phoneNumber()));

    FlowsEncryptionKey waiting =
        h.awaitCondition(
            ns, "shop", Conditions.RECONCILING, Conditions.TRUE, Reasons.SECRET_NOT_FOUND);
    assertThat(stalled(waiting).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(Kstatus.compute(waiting).status()).isEqualTo(Kstatus.Status.IN_PROGRESS);
    assertThat(ArgoCdHealth.evaluate(waiting).status()).isEqualTo(ArgoCdHealth.Status.PROGRESSING);
    assertThat(stalledMetric(ns)).isZero();

    h.putSecret(ns, "eso-token", Map.of("token", OperatorHarness.TOKEN));

    FlowsEncryptionKey ready = h.awaitReady(ns, "shop");
    assertThat(stalled(ready).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(stalled(ready).getLastTransitionTime())
        .as("Stalled never became True")
        .isEqualTo(waiting.getStatus().getGenerationObservedTime());
  }

  @Test
  void aTokenSecretStillMissingFiveMinutesLaterStallsWithoutAnotherEvent() {
    String ns = h.namespace();
    h.create(ns, "shop", laterToken(phoneNumber()));
    h.awaitCondition(ns, "shop", Conditions.RECONCILING, Conditions.TRUE, Reasons.SECRET_NOT_FOUND);

    FlowsEncryptionKey r =
        h.awaitCondition(ns, "shop", Conditions.STALLED, Conditions.TRUE, Reasons.SECRET_NOT_FOUND);

    Instant seen = Instant.parse(r.getStatus().getGenerationObservedTime());
    Instant stalledAt = Instant.parse(stalled(r).getLastTransitionTime());
    assertThat(Duration.between(seen, stalledAt)).isGreaterThanOrEqualTo(SecretGrace.PERIOD);
    assertThat(stalled(r).getMessage()).contains("eso-token");
    assertThat(Kstatus.compute(r).status()).isEqualTo(Kstatus.Status.FAILED);
    assertThat(ArgoCdHealth.evaluate(r).status()).isEqualTo(ArgoCdHealth.Status.DEGRADED);
    assertThat(stalledMetric(ns)).as("what FlowsKeyStalled reads").isEqualTo(1.0);
  }

  private static FlowsEncryptionKeySpec laterToken(String id) {
    FlowsEncryptionKeySpec spec = spec("key", id);
    spec.getAccessTokenSecretRef().setName("eso-token");
    return spec;
  }

  private static io.fabric8.kubernetes.api.model.Condition stalled(FlowsEncryptionKey r) {
    return Conditions.find(r.getStatus().getConditions(), Conditions.STALLED).orElseThrow();
  }

  private static double stalledMetric(String ns) {
    return Scraped.of(h.registry)
        .gauge("flows_resource_stalled", "namespace", ns, "name", "shop")
        .orElse(Double.NaN);
  }
}
