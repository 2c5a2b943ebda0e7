package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.GraphApiSpec;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graph retires a version and upgrades the calls, as Meta does: users are told, once. */
@EnableKubernetesMockClient(crud = true)
class GraphVersionOperatorTest {

  static KubernetesClient client;
  private static OperatorHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new OperatorHarness(client);
    h.graph.serveVersions("v22.0", "v23.0", "v24.0");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void aRetiredVersionIsReportedInReadyOnceAsAnEventAndAsAMetric() throws Exception {
    String ns = h.namespace();
    FlowsEncryptionKeySpec spec = spec("key", phoneNumber());
    spec.setGraphApi(new GraphApiSpec("v21.0", null));
    h.create(ns, "shop", spec);

    FlowsEncryptionKey r = h.awaitReady(ns, "shop");
    String ready =
        r.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .findFirst()
            .orElseThrow()
            .getMessage();
    assertThat(ready).contains("Graph served v22.0 for calls that asked for v21.0");

    // Another pass meets the same upgrade: no second Event.
    h.annotate(ns, "shop", "waflows.dev/reconcile-requested-at", "again");
    await().until(() -> "again".equals(h.get(ns, "shop").getStatus().getLastHandledReconcileAt()));
    List<Event> upgraded =
        h.events(ns).stream().filter(e -> "GraphVersionUpgraded".equals(e.getReason())).toList();
    assertThat(upgraded).hasSize(1);
    assertThat(upgraded.get(0).getType()).isEqualTo("Warning");
    assertThat(
            h.registry
                .find("flows.graph.version.upgraded")
                .tags("requested", "v21.0", "served", "v22.0")
                .counter())
        .isNotNull()
        .satisfies(c -> assertThat(c.count()).isPositive());
  }

  @Test
  void aServedVersionSaysNothing() {
    String ns = h.namespace();
    FlowsEncryptionKeySpec spec = spec("key", phoneNumber());
    spec.setGraphApi(new GraphApiSpec("v24.0", null));
    h.create(ns, "shop", spec);
    h.awaitReady(ns, "shop");
    assertThat(h.events(ns)).noneMatch(e -> "GraphVersionUpgraded".equals(e.getReason()));
  }
}
