package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.health.ArgoCdHealth;
import dev.waflows.operator.health.Kstatus;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resources as the operator really leaves them, read the way Flux (kstatus) and Argo CD (the Lua
 * health check in deploy/argocd) read them: each state must mean the same thing to both tools.
 */
@EnableKubernetesMockClient(crud = true)
class HealthScenariosTest {

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

  private static void assertHealth(
      FlowsEncryptionKey r, Kstatus.Status kstatus, ArgoCdHealth.Status argo) {
    assertThat(Kstatus.compute(r).status()).as("kstatus").isEqualTo(kstatus);
    assertThat(ArgoCdHealth.evaluate(r).status()).as("Argo CD").isEqualTo(argo);
  }

  @Test
  void readyIsCurrentAndHealthy() {
    String ns = h.namespace();
    h.create(ns, "shop", spec("key", phoneNumber()));
    assertHealth(h.awaitReady(ns, "shop"), Kstatus.Status.CURRENT, ArgoCdHealth.Status.HEALTHY);
  }

  @Test
  void aRefusedTokenFailsAtOnce() {
    String ns = h.namespace();
    h.putSecret(ns, "whatsapp-system-user", Map.of("token", "EAAGwrongTOKEN123"));
    h.create(ns, "shop", spec("key", phoneNumber()));
    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Stalled", "True", "InvalidToken");
    assertHealth(r, Kstatus.Status.FAILED, ArgoCdHealth.Status.DEGRADED);
  }

  @Test
  void anUnreadableKeyFailsAtOnce() {
    String ns = h.namespace();
    h.putSecret(ns, "key", Map.of("private.pem", "-----BEGIN PRIVATE KEY-----\nnope\n"));
    h.create(ns, "shop", spec("key", phoneNumber()));
    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Stalled", "True", "InvalidKey");
    assertHealth(r, Kstatus.Status.FAILED, ArgoCdHealth.Status.DEGRADED);
  }

  @Test
  void verifyModeWithAnotherKeyAtGraphFails() {
    String ns = h.namespace();
    String id = phoneNumber();
    var pair = new RsaKeyGenerator().generate();
    h.graph.setStoredKey(id, KeySecretWriter.write(pair, null).get("public.pem"), "VALID");
    var other = new RsaKeyGenerator().generate();
    h.putSecret(ns, "key", KeySecretWriter.write(other, null));
    FlowsEncryptionKeySpec spec = spec("key", id);
    spec.setMode(Mode.Verify);
    h.create(ns, "shop", spec);
    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Stalled", "True", "NotRegistered");
    assertHealth(r, Kstatus.Status.FAILED, ArgoCdHealth.Status.DEGRADED);
  }

  @Test
  void graphDownIsInProgressNotFailed() {
    String ns = h.namespace();
    String id = phoneNumber();
    h.graph.failNext(1_000, 503, 2);
    try {
      h.create(ns, "shop", spec("key", id));
      FlowsEncryptionKey r =
          h.awaitCondition(ns, "shop", "Reconciling", "True", "GraphUnavailable");
      assertHealth(r, Kstatus.Status.IN_PROGRESS, ArgoCdHealth.Status.PROGRESSING);
    } finally {
      h.graph.reset();
    }
    assertHealth(h.awaitReady(ns, "shop"), Kstatus.Status.CURRENT, ArgoCdHealth.Status.HEALTHY);
  }

  @Test
  void aServiceAccountTokenSecretIsNeverSentAndFails() {
    String ns = h.namespace();
    String id = phoneNumber();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withMetadata(
                    new ObjectMetaBuilder().withName("sa-token").withNamespace(ns).build())
                .withType("kubernetes.io/service-account-token")
                .addToStringData("token", OperatorHarness.TOKEN)
                .build())
        .create();
    FlowsEncryptionKeySpec spec = spec("key", id);
    spec.getAccessTokenSecretRef().setName("sa-token");
    h.create(ns, "shop", spec);
    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Stalled", "True", "InvalidSpec");
    assertThat(r.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getMessage()).contains("only an Opaque Secret"));
    assertThat(h.graph.getCount(id)).isZero();
    assertHealth(r, Kstatus.Status.FAILED, ArgoCdHealth.Status.DEGRADED);
  }

  @Test
  void pausedIsSuspendedForArgoCd() {
    String ns = h.namespace();
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("shop")
            .withNamespace(ns)
            .addToAnnotations(Annotations.PAUSED, "true")
            .build());
    r.setSpec(spec("key", phoneNumber()));
    client.resource(r).create();
    FlowsEncryptionKey paused = h.awaitCondition(ns, "shop", "Paused", "True", "Paused");
    assertThat(ArgoCdHealth.evaluate(paused).status()).isEqualTo(ArgoCdHealth.Status.SUSPENDED);
  }
}
