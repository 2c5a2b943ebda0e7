package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.FakeEncryptionApi;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.reconciler.PrimaryCacheStub;
import dev.waflows.operator.testing.BusyKeyGenerator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rotation asked for while the key generator is busy with other resources' keys (a burst of
 * rotations): its pass does not wait for the generator, and the pass that follows the new pair
 * starts the rotation, which then costs what any rotation costs.
 */
@EnableKubernetesMockClient(crud = true)
class RotationBehindOtherKeysTest {

  static KubernetesClient client;

  private final FixedTime time = new FixedTime();
  private final PrimaryCacheStub primaries = new PrimaryCacheStub();
  private final FakeEncryptionApi graph = new FakeEncryptionApi();
  private final RsaKeyGenerator generator = new RsaKeyGenerator(1);
  private final List<ResourceID> wakeUps = new CopyOnWriteArrayList<>();
  private BusyKeyGenerator others;

  @BeforeAll
  static void installCrd() throws Exception {
    OperatorHarness.installCrd(client);
  }

  @AfterEach
  void releaseTheGenerator() {
    if (others != null) {
      others.close();
    }
  }

  @Test
  void aRotationAskedWhileOtherKeysAreMadeWaitsForItsKeyWithoutHoldingItsPass() throws Exception {
    MockCluster cluster = new MockCluster(client);
    String ns = freshNamespace();
    List<String> numbers = List.of(phoneNumber(), phoneNumber());
    FlowsEncryptionKeyReconciler reconciler = readyShop(cluster, ns, numbers);
    String firstKey = cluster.get(ns, "shop").getStatus().getKeyFingerprint();
    graph.resetCounts();

    // Another resource's key is being made: the generator's one slot is taken.
    others = BusyKeyGenerator.hold(generator);
    DirectReconciler.requestRotation(client, ns, "shop", "r1");
    // Blocking here would hang: the other resource's key never finishes until released.
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> pass(reconciler, cluster, ns));

    FlowsEncryptionKey waiting = cluster.get(ns, "shop");
    Condition reconciling =
        Conditions.find(waiting.getStatus().getConditions(), Conditions.RECONCILING).orElseThrow();
    assertThat(reconciling.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(reconciling.getReason()).isEqualTo(Reasons.ROTATING);
    assertThat(reconciling.getMessage()).contains("waiting for the new key");
    assertThat(Conditions.isTrue(waiting.getStatus().getConditions(), Conditions.READY)).isTrue();
    assertThat(waiting.getStatus().getKeyFingerprint()).isEqualTo(firstKey);
    assertThat(cluster.getSecret(ns, "key").getData()).doesNotContainKey("previous-private.pem");
    assertThat(cluster.events(ns, EventReasons.ROTATION_STARTED)).isEmpty();
    assertThat(wakeUps).isEmpty();

    others.close();
    ResourceID shop = new ResourceID("shop", ns);
    await().atMost(Duration.ofSeconds(30)).until(() -> wakeUps.contains(shop));
    pass(reconciler, cluster, ns);
    FlowsEncryptionKey started = cluster.get(ns, "shop");
    assertThat(started.getStatus().getKeyFingerprint()).isNotEqualTo(firstKey);
    assertThat(started.getStatus().getPreviousKeyFingerprint()).isEqualTo(firstKey);
    assertThat(cluster.getSecret(ns, "key").getData()).containsKey("previous-private.pem");
    assertThat(cluster.events(ns, EventReasons.ROTATION_STARTED)).hasSize(1);

    for (int minute = 0; minute <= 14; minute++) {
      time.advance(Duration.ofMinutes(1));
      pass(reconciler, cluster, ns);
    }
    FlowsEncryptionKey done = cluster.get(ns, "shop");
    assertThat(done.getStatus().getLastHandledRotateAt()).isEqualTo("r1");
    assertThat(done.getStatus().getPreviousKeyFingerprint()).as("old key dropped").isNull();
    assertThat(graph.posts.get()).as("one POST per number").isEqualTo(numbers.size());
    assertThat(graph.gets.get()).as("the wait cost no Graph call").isEqualTo(2 * numbers.size());
    assertThat(wakeUps).containsExactly(shop);
  }

  @Test
  void aRotationWithdrawnWhileWaitingForItsKeyGivesUpItsPlace() throws Exception {
    MockCluster cluster = new MockCluster(client);
    String ns = freshNamespace();
    FlowsEncryptionKeyReconciler reconciler =
        readyShop(cluster, ns, List.of(phoneNumber(), phoneNumber()));
    String firstKey = cluster.get(ns, "shop").getStatus().getKeyFingerprint();
    others = BusyKeyGenerator.hold(generator);
    DirectReconciler.requestRotation(client, ns, "shop", "r1");
    pass(reconciler, cluster, ns);

    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName("shop")
        .edit(
            r -> {
              r.getMetadata().getAnnotations().remove(Annotations.ROTATE_REQUESTED_AT);
              return r;
            });
    pass(reconciler, cluster, ns);
    others.close();

    // Had it kept its place, the now idle generator would make its pair and wake the resource.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(wakeUps::isEmpty);
    FlowsEncryptionKey after = cluster.get(ns, "shop");
    assertThat(after.getStatus().getKeyFingerprint()).isEqualTo(firstKey);
    assertThat(Conditions.isTrue(after.getStatus().getConditions(), Conditions.RECONCILING))
        .isFalse();
  }

  /** A Ready resource "shop" with a key the operator generated, and the reconciler that made it. */
  private FlowsEncryptionKeyReconciler readyShop(
      MockCluster cluster, String ns, List<String> numbers) {
    cluster.tokenSecret(ns);
    FlowsEncryptionKeySpec spec = MockCluster.spec("key", numbers.toArray(String[]::new));
    spec.setRotation(new RotationSpec(null, "2m", "10m"));
    cluster.create(ns, "shop", spec);
    FlowsEncryptionKeyReconciler reconciler =
        DirectReconciler.fresh(
            client,
            graph,
            time,
            primaries,
            new SimpleMeterRegistry(),
            generator,
            event -> wakeUps.add(event.getRelatedCustomResourceID()));
    pass(reconciler, cluster, ns);
    return reconciler;
  }

  private void pass(FlowsEncryptionKeyReconciler reconciler, MockCluster cluster, String ns) {
    FlowsEncryptionKey r = cluster.get(ns, "shop");
    primaries.put(r);
    DirectReconciler.writeStatus(
        client, reconciler.reconcile(r, DirectReconciler.context(primaries)));
  }
}
