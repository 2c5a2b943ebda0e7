package dev.waflows.operator.reconciler.secrets;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resource deleted and applied again (or restored from a backup) gets a new uid while its
 * generated key Secret still names the old one: it takes the Secret over, says so with an Event,
 * and rotates it again. Where it may not (the other resource still exists, or had another name),
 * the key is only read and KeyReady's message says why.
 */
@EnableKubernetesMockClient(crud = true)
class KeyAdoptionTest {

  static KubernetesClient client;

  private MockCluster cluster;
  private SecretInputsReader inputs;
  private KeyProvisioner provisioner;
  private String ns;

  @BeforeAll
  static void installCrd() throws Exception {
    OperatorHarness.installCrd(client);
  }

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    inputs = new SecretInputsReader(new SecretReader(client));
    provisioner = new KeyProvisioner(client, new RsaKeyGenerator(), TimeSource.SYSTEM);
    ns = freshNamespace();
    cluster.tokenSecret(ns);
  }

  @Test
  void aResourceAppliedAgainTakesItsSecretOverAndSaysSo() {
    FlowsEncryptionKey first = create("shop", SecretDeletionPolicy.Delete);
    provision(first);
    Secret generated = cluster.getSecret(ns, "shop-key");
    String oldUid = first.getMetadata().getUid();
    assertThat(generated.getMetadata().getAnnotations())
        .containsEntry(Annotations.GENERATED_FOR, oldUid)
        .containsEntry(Annotations.GENERATED_FOR_NAME, "shop");

    client.resource(first).delete();
    FlowsEncryptionKey again = create("shop", SecretDeletionPolicy.Delete);
    KeyOutcome outcome = provision(again);

    assertThat(outcome.source()).as("rotation applies again").isEqualTo(KeySource.Generated);
    assertThat(outcome.generatedNow()).isFalse();
    Secret adopted = cluster.getSecret(ns, "shop-key");
    assertThat(adopted.getData()).as("the same key, not a new one").isEqualTo(generated.getData());
    assertThat(adopted.getMetadata().getAnnotations())
        .containsEntry(Annotations.GENERATED_FOR, again.getMetadata().getUid());
    assertThat(adopted.getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getUid)
        .as("no owner reference to the uid that is gone")
        .containsExactly(again.getMetadata().getUid());
    List<Event> events = cluster.events(ns, EventReasons.KEY_ADOPTED);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage()).contains("shop-key").contains(oldUid);
            });

    provision(again);
    assertThat(cluster.events(ns, EventReasons.KEY_ADOPTED)).as("once").hasSize(1);
  }

  @Test
  void aSecretAnotherResourceStillHoldsIsOnlyReadAndTheMessageSaysWhose() {
    FlowsEncryptionKey first = create("first", SecretDeletionPolicy.Retain);
    provision(first);
    Secret generated = cluster.getSecret(ns, "shop-key");

    KeyOutcome outcome = provision(create("second", SecretDeletionPolicy.Retain));

    assertThat(outcome.source()).isEqualTo(KeySource.Loaded);
    assertThat(outcome.verdict().ready()).isTrue();
    assertThat(outcome.verdict().message())
        .contains("generated for FlowsEncryptionKey first")
        .contains("still exists");
    assertThat(cluster.getSecret(ns, "shop-key").getMetadata()).isEqualTo(generated.getMetadata());
    assertThat(cluster.events(ns, EventReasons.KEY_ADOPTED)).isEmpty();
  }

  @Test
  void aSecretLeftByAResourceOfAnotherNameIsOnlyReadAndTheMessageSaysWhy() {
    FlowsEncryptionKey first = create("first", SecretDeletionPolicy.Retain);
    provision(first);
    client.resource(first).delete();
    Secret left = cluster.getSecret(ns, "shop-key");

    KeyOutcome outcome = provision(create("second", SecretDeletionPolicy.Retain));

    assertThat(outcome.source()).isEqualTo(KeySource.Loaded);
    assertThat(outcome.verdict().message())
        .contains("generated for FlowsEncryptionKey first")
        .contains("no longer exists");
    assertThat(cluster.getSecret(ns, "shop-key").getMetadata()).isEqualTo(left.getMetadata());
    assertThat(cluster.events(ns, EventReasons.KEY_ADOPTED)).isEmpty();
  }

  @Test
  void aSecretOfAnEarlierVersionWithoutTheNameIsTakenOverWhenItsUidIsGone() {
    cluster.secret(
        ns, "shop-key", "Opaque", KeySecretWriter.write(new RsaKeyGenerator().generate(), null));
    client
        .secrets()
        .inNamespace(ns)
        .withName("shop-key")
        .edit(
            s -> {
              s.getMetadata()
                  .setLabels(Map.of(Annotations.MANAGED_BY_LABEL, Annotations.MANAGED_BY_VALUE));
              s.getMetadata()
                  .setAnnotations(Map.of(Annotations.GENERATED_FOR, "a-uid-that-is-gone"));
              return s;
            });

    KeyOutcome outcome = provision(create("shop", SecretDeletionPolicy.Retain));

    assertThat(outcome.source()).isEqualTo(KeySource.Generated);
    assertThat(cluster.events(ns, EventReasons.KEY_ADOPTED)).hasSize(1);
  }

  private KeyOutcome provision(FlowsEncryptionKey r) {
    return provisioner.provision(
        r, Mode.Register, inputs.read(r), ResourceDirectory.NOTHING_CACHED);
  }

  private FlowsEncryptionKey create(String name, SecretDeletionPolicy policy) {
    FlowsEncryptionKeySpec spec = spec("shop-key", phoneNumber());
    spec.setSecretDeletionPolicy(policy);
    return cluster.create(ns, name, spec);
  }
}
