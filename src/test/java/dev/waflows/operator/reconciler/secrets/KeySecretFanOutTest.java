package dev.waflows.operator.reconciler.secrets;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One tenant's Secret, named by many resources and edited in a loop, against another tenant's
 * resource: each version is decrypted once for all the resources that name it, one Secret costs at
 * most {@link KeyReads#BURST} decryptions at once and one per {@link KeyReads#REFILL} after that,
 * and the other tenant's key is read at once, whatever the loop did.
 */
@EnableKubernetesMockClient(crud = true)
class KeySecretFanOutTest {

  static KubernetesClient client;

  private static final String PASSPHRASE = "correct horse battery";
  private static final int RESOURCES = 20;

  private final FixedTime time = new FixedTime();

  /** Decryptions per namespace, counted where the key is read. */
  private final Map<String, AtomicInteger> decryptions = new ConcurrentHashMap<>();

  private MockCluster cluster;
  private SecretInputsReader inputs;
  private KeyProvisioner provisioner;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    inputs = new SecretInputsReader(new SecretReader(client));
    KeyReads reads =
        new KeyReads(
            time,
            (data, passphrase) -> {
              String ns = new String(data.get("tenant"));
              decryptions.computeIfAbsent(ns, k -> new AtomicInteger()).incrementAndGet();
              return KeySecretReader.read(data, passphrase);
            });
    provisioner =
        new KeyProvisioner(client, new RsaKeyGenerator(), time, new KeyEvents(client, time), reads);
  }

  @Test
  void aSecretEditedInALoopCostsABoundedNumberOfDecryptionsAndDelaysNoOtherTenant() {
    String noisy = tenant();
    List<FlowsEncryptionKey> many = new ArrayList<>();
    for (int i = 0; i < RESOURCES; i++) {
      many.add(resource(noisy, "r" + i));
    }
    String quiet = tenant();
    FlowsEncryptionKey victim = resource(quiet, "victim");

    assertThat(provisionAll(many)).as("all ready").allMatch(KeyOutcome::ready);
    assertThat(count(noisy)).as("one decryption for %d resources", RESOURCES).isEqualTo(1);

    // Ten edits within the same minute, each followed by a pass of every resource naming it.
    List<KeyOutcome> last = List.of();
    for (int edit = 0; edit < 10; edit++) {
      touch(noisy);
      last = provisionAll(many);
    }
    assertThat(count(noisy))
        .as("the first read and the rest of the burst, no more")
        .isEqualTo(KeyReads.BURST);
    assertThat(last)
        .as("over the budget: retried later, with a message that says so")
        .allSatisfy(
            o -> {
              assertThat(o.ready()).isFalse();
              assertThat(o.verdict().reason()).isEqualTo(Reasons.KEY_READ_DEFERRED);
              assertThat(o.verdict().message()).contains("read again at");
              assertThat(o.verdict().message()).doesNotContain(PASSPHRASE);
            });
    assertThat(Reasons.NEED_A_PERSON).doesNotContain(Reasons.KEY_READ_DEFERRED);

    // The other tenant's key is read at once: its first pass after the loop decrypts it.
    KeyOutcome other = provision(victim);
    assertThat(other.ready()).isTrue();
    assertThat(count(quiet)).isEqualTo(1);

    // Once the budget refills, the noisy tenant's latest version is read, once for all.
    time.advance(KeyReads.REFILL);
    assertThat(provisionAll(many)).allMatch(KeyOutcome::ready);
    assertThat(count(noisy)).isEqualTo(KeyReads.BURST + 1);
  }

  // ---- fixtures ----

  private String tenant() {
    String ns = freshNamespace();
    cluster.tokenSecret(ns);
    cluster.secret(ns, "passphrase", "Opaque", Map.of("passphrase", PASSPHRASE));
    Map<String, String> data =
        new HashMap<>(
            KeySecretWriter.write(new RsaKeyGenerator().generate(), Passphrase.of(PASSPHRASE)));
    // Lets the counting reader tell whose Secret it decrypts.
    data.put("tenant", ns);
    cluster.secret(ns, "shared-key", "Opaque", data);
    return ns;
  }

  /** An edit that changes nothing but the Secret's resourceVersion, as an annotate loop does. */
  private void touch(String ns) {
    client
        .secrets()
        .inNamespace(ns)
        .withName("shared-key")
        .edit(
            s -> {
              s.getMetadata().setLabels(Map.of("touched", Long.toString(System.nanoTime())));
              return s;
            });
  }

  private FlowsEncryptionKey resource(String ns, String name) {
    FlowsEncryptionKeySpec spec = spec("shared-key", phoneNumber());
    spec.setPassphraseSecretRef(new SecretKeySelector("passphrase", null));
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(ns);
    r.getMetadata().setUid("uid-" + ns + "-" + name);
    r.setSpec(spec);
    return r;
  }

  private KeyOutcome provision(FlowsEncryptionKey r) {
    return provisioner.provision(
        r, Mode.Register, inputs.read(r), ResourceDirectory.NOTHING_CACHED);
  }

  private List<KeyOutcome> provisionAll(List<FlowsEncryptionKey> resources) {
    return resources.stream().map(this::provision).toList();
  }

  private int count(String ns) {
    return decryptions.getOrDefault(ns, new AtomicInteger()).get();
  }
}
