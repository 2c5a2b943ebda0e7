package dev.waflows.operator.reconciler.secrets;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.keys.Fingerprints;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key Secret on the mock API server: generated when missing (Register only), a brought key
 * loaded and never changed, a lost creation race settled by loading the winner, decrypting only
 * when a Secret changed, and owner references following secretDeletionPolicy.
 */
@EnableKubernetesMockClient(crud = true)
class KeyProvisionerTest {

  static KubernetesClient client;

  private static final RsaKeyGenerator GENERATOR = new RsaKeyGenerator();
  private static KeyPair brought;

  private MockCluster cluster;
  private SecretInputsReader inputs;
  private KeyProvisioner provisioner;
  private String ns;

  @BeforeAll
  static void bringAKey() {
    brought = GENERATOR.generate();
  }

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    inputs = new SecretInputsReader(new SecretReader(client));
    provisioner = new KeyProvisioner(client, GENERATOR, TimeSource.SYSTEM);
    ns = freshNamespace();
    cluster.tokenSecret(ns);
  }

  @Test
  void aMissingSecretIsGeneratedInRegisterMode() {
    FlowsEncryptionKey r = resource(SecretDeletionPolicy.Retain);

    KeyOutcome outcome = provision(r, Mode.Register);

    Secret secret = cluster.getSecret(ns, "shop-key");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(Annotations.MANAGED_BY_LABEL, Annotations.MANAGED_BY_VALUE);
    assertThat(secret.getMetadata().getOwnerReferences()).as("Retain").isNullOrEmpty();
    assertThat(outcome.ready()).isTrue();
    assertThat(outcome.source()).isEqualTo(KeySource.Generated);
    assertThat(outcome.generatedNow()).isTrue();
    assertThat(outcome.verdict().reason()).isEqualTo(Reasons.GENERATED);
    assertThat(outcome.key().orElseThrow().fingerprint()).isEqualTo(fingerprintIn(secret));
    assertThat(outcome.secretResourceVersion())
        .as("so that our own write is not taken for a change")
        .isEqualTo(secret.getMetadata().getResourceVersion());
  }

  @Test
  void verifyModeNeverCreatesTheSecret() {
    KeyOutcome outcome = provision(resource(SecretDeletionPolicy.Retain), Mode.Verify);

    assertThat(outcome.ready()).isFalse();
    assertThat(outcome.verdict().reason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
    assertThat(outcome.verdict().message()).contains("shop-key", "Verify mode");
    assertThat(cluster.getSecret(ns, "shop-key")).isNull();
  }

  @Test
  void aBroughtKeyIsLoadedAndItsSecretLeftAlone() {
    Secret mine = bringKey(null);
    FlowsEncryptionKey r = resource(SecretDeletionPolicy.Delete);

    KeyOutcome outcome = provision(r, Mode.Register);

    assertThat(outcome.source()).isEqualTo(KeySource.Loaded);
    assertThat(outcome.generatedNow()).isFalse();
    assertThat(outcome.verdict().reason()).isEqualTo(Reasons.LOADED);
    assertThat(outcome.key().orElseThrow().fingerprint())
        .isEqualTo(Fingerprints.sha256(brought.getPublic()));
    Secret after = cluster.getSecret(ns, "shop-key");
    assertThat(after.getMetadata().getResourceVersion())
        .as("not ours: no owner reference even with Delete")
        .isEqualTo(mine.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void anUnreadableKeyIsInvalidAndItsSecretLeftAlone() {
    Secret bad =
        cluster.secret(
            ns, "shop-key", "Opaque", Map.of("private.pem", "-----BEGIN PRIVATE KEY-----\nAAAA"));

    KeyOutcome outcome = provision(resource(SecretDeletionPolicy.Retain), Mode.Register);

    assertThat(outcome.ready()).isFalse();
    assertThat(outcome.verdict().reason()).isEqualTo(Reasons.INVALID_KEY);
    assertThat(outcome.verdict().message()).startsWith("Secret shop-key: ");
    assertThat(cluster.getSecret(ns, "shop-key").getMetadata().getResourceVersion())
        .isEqualTo(bad.getMetadata().getResourceVersion());
  }

  @Test
  void anEncryptedKeyIsDecryptedOncePerVersionOfItsSecrets() {
    Passphrase passphrase = Passphrase.of("fixture-passphrase");
    bringKey(passphrase);
    cluster.secret(ns, "shop-passphrase", "Opaque", Map.of("passphrase", "fixture-passphrase"));
    FlowsEncryptionKey r = resource(SecretDeletionPolicy.Retain);
    r.getSpec().setPassphraseSecretRef(new SecretKeySelector("shop-passphrase", null));

    KeyOutcome first = provision(r, Mode.Register);
    KeyOutcome second = provision(r, Mode.Register);

    assertThat(first.ready()).isTrue();
    assertThat(second).as("the cached outcome, not a second decryption").isSameAs(first);

    // Any write gives the Secret a new resourceVersion: the key is read again.
    cluster.secret(ns, "shop-passphrase", "Opaque", Map.of("passphrase", "fixture-passphrase\n"));
    KeyOutcome third = provision(r, Mode.Register);
    assertThat(third).isNotSameAs(first);
    assertThat(third.key().orElseThrow().fingerprint())
        .isEqualTo(first.key().orElseThrow().fingerprint());
  }

  @Test
  void aSecretCreatedBetweenReadAndCreateIsLoadedNotOverwritten() {
    FlowsEncryptionKey r = resource(SecretDeletionPolicy.Delete);
    SecretInputs readWhileMissing = inputs.read(r);
    Secret theirs = bringKey(null);

    KeyOutcome outcome =
        provisioner.provision(r, Mode.Register, readWhileMissing, ResourceDirectory.NOTHING_CACHED);

    assertThat(outcome.key().orElseThrow().fingerprint())
        .isEqualTo(Fingerprints.sha256(brought.getPublic()));
    assertThat(outcome.source()).isEqualTo(KeySource.Loaded);
    assertThat(outcome.generatedNow()).isFalse();
    Secret after = cluster.getSecret(ns, "shop-key");
    assertThat(after.getData()).isEqualTo(theirs.getData());
    assertThat(after.getMetadata().getLabels()).isNullOrEmpty();
  }

  @Test
  void theOwnerReferenceOfAGeneratedSecretFollowsTheDeletionPolicy() {
    FlowsEncryptionKey r = resource(SecretDeletionPolicy.Retain);
    provision(r, Mode.Register);
    assertThat(owners()).isEmpty();

    r.getSpec().setSecretDeletionPolicy(SecretDeletionPolicy.Delete);
    provision(r, Mode.Register);
    assertThat(owners()).singleElement().satisfies(this::pointsAtTheResource);

    r.getSpec().setSecretDeletionPolicy(SecretDeletionPolicy.Retain);
    provision(r, Mode.Register);
    assertThat(owners()).isEmpty();
  }

  @Test
  void aSecretGeneratedUnderDeleteIsOwnedFromTheStart() {
    provision(resource(SecretDeletionPolicy.Delete), Mode.Register);

    assertThat(owners()).singleElement().satisfies(this::pointsAtTheResource);
  }

  private void pointsAtTheResource(OwnerReference o) {
    assertThat(o.getUid()).isEqualTo("uid-shop");
    assertThat(o.getKind()).isEqualTo("FlowsEncryptionKey");
    assertThat(o.getName()).isEqualTo("shop");
    assertThat(o.getController()).isTrue();
  }

  private KeyOutcome provision(FlowsEncryptionKey r, Mode mode) {
    return provisioner.provision(r, mode, inputs.read(r), ResourceDirectory.NOTHING_CACHED);
  }

  private List<OwnerReference> owners() {
    List<OwnerReference> refs =
        cluster.getSecret(ns, "shop-key").getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs;
  }

  /** A key Secret a person made: the brought pair, no operator label. */
  private Secret bringKey(Passphrase passphrase) {
    return cluster.secret(ns, "shop-key", "Opaque", KeySecretWriter.write(brought, passphrase));
  }

  private FlowsEncryptionKey resource(SecretDeletionPolicy policy) {
    FlowsEncryptionKeySpec spec = spec("shop-key", phoneNumber());
    spec.setSecretDeletionPolicy(policy);
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName("shop");
    r.getMetadata().setNamespace(ns);
    r.getMetadata().setUid("uid-shop");
    r.setSpec(spec);
    return r;
  }

  private static String fingerprintIn(Secret secret) {
    String pem =
        new String(
            Base64.getDecoder().decode(secret.getData().get("public.pem")), StandardCharsets.UTF_8);
    return Fingerprints.sha256(PublicKeys.parsePem(pem).orElseThrow());
  }
}
