package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.reconciler.FakeEncryptionApi;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.reconciler.PrimaryCacheStub;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a rotation costs: at Graph, per number one GET, the POST of the new key and the GET that
 * reads its signature status back (the passes that write the new pair and drop the old one ask
 * Graph nothing; the interval's own check still comes when it is due); in Events, one per step.
 */
@EnableKubernetesMockClient(crud = true)
class RotationCostTest {

  static KubernetesClient client;

  private final FixedTime time = new FixedTime();
  private final PrimaryCacheStub primaries = new PrimaryCacheStub();
  private final FakeEncryptionApi graph = new FakeEncryptionApi();

  @BeforeAll
  static void installCrd() throws Exception {
    OperatorHarness.installCrd(client);
  }

  @Test
  void aRotationAsksGraphTwiceAndPostsOncePerNumber() {
    MockCluster cluster = new MockCluster(client);
    String ns = freshNamespace();
    cluster.tokenSecret(ns);
    List<String> numbers = List.of(phoneNumber(), phoneNumber(), phoneNumber());
    FlowsEncryptionKeySpec spec = MockCluster.spec("key", numbers.toArray(String[]::new));
    spec.setRotation(new RotationSpec(null, "2m", "10m"));
    cluster.create(ns, "shop", spec);
    FlowsEncryptionKeyReconciler reconciler =
        DirectReconciler.fresh(client, graph, time, primaries);
    pass(reconciler, cluster, ns);
    graph.resetCounts();

    annotate(ns, "r1");
    // Minute by minute until the old key is gone, as the rescheduled passes would run.
    for (int minute = 0; minute <= 14; minute++) {
      pass(reconciler, cluster, ns);
      time.advance(Duration.ofMinutes(1));
    }

    FlowsEncryptionKey done = cluster.get(ns, "shop");
    assertThat(done.getStatus().getLastHandledRotateAt()).isEqualTo("r1");
    assertThat(done.getStatus().getPreviousKeyFingerprint()).as("old key dropped").isNull();
    assertThat(graph.posts.get()).isEqualTo(numbers.size());
    assertThat(graph.gets.get()).isEqualTo(2 * numbers.size());
    assertThat(cluster.events(ns, EventReasons.ROTATION_STARTED)).hasSize(1);
    assertThat(cluster.events(ns, EventReasons.KEY_REGISTERED)).hasSize(1);
    assertThat(cluster.events(ns, EventReasons.PREVIOUS_KEY_REMOVED)).hasSize(1);
    assertThat(cluster.events(ns, Reasons.REGISTERED))
        .as("the first registration's only: KeyRegistered speaks for the rotation")
        .hasSize(1);

    // The verify interval (1h by default) still checks every number once.
    graph.resetCounts();
    time.advance(Duration.ofHours(1));
    pass(reconciler, cluster, ns);
    assertThat(graph.gets.get()).isEqualTo(numbers.size());
    assertThat(graph.posts.get()).isZero();
  }

  private void pass(FlowsEncryptionKeyReconciler reconciler, MockCluster cluster, String ns) {
    FlowsEncryptionKey r = cluster.get(ns, "shop");
    primaries.put(r);
    UpdateControl<FlowsEncryptionKey> control =
        reconciler.reconcile(r, DirectReconciler.context(primaries));
    DirectReconciler.writeStatus(client, control);
  }

  private void annotate(String ns, String value) {
    DirectReconciler.requestRotation(client, ns, "shop", value);
  }
}
