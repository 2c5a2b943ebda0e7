package dev.waflows.operator.reconciler.secrets;

import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.FixedTime;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A namespace being deleted refuses new objects: once the key Secret's creation was refused so, no
 * further key pair is generated there for a while, retries included.
 */
@EnableKubernetesMockClient
class KeyProvisionerClosedNamespaceTest {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final String NS = "closing";

  private final FixedTime time = new FixedTime();
  private KeyProvisioner provisioner;

  @BeforeEach
  void setUp() {
    provisioner = new KeyProvisioner(client, new RsaKeyGenerator(), time);
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NS + "/secrets")
        .andReturn(403, terminating())
        .always();
  }

  @Test
  void noKeyIsGeneratedAgainInANamespaceThatRefusedTheFirst() throws Exception {
    FlowsEncryptionKey r = resource("shop");
    FlowsEncryptionKey other = resource("cafe");

    assertThatThrownBy(() -> provision(r))
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(403);
    KeyOutcome retry = provision(r);
    KeyOutcome sibling = provision(other);

    assertThat(creates()).as("only the first key reached the API server").isEqualTo(1);
    for (KeyOutcome o : new KeyOutcome[] {retry, sibling}) {
      assertThat(o.ready()).isFalse();
      assertThat(o.generatedNow()).isFalse();
      assertThat(o.verdict().reason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
      assertThat(o.verdict().message()).contains("being deleted");
    }
  }

  @Test
  void aNamespaceIsTriedAgainAfterAMinute() throws Exception {
    FlowsEncryptionKey r = resource("shop");
    assertThatThrownBy(() -> provision(r)).isInstanceOf(KubernetesClientException.class);

    time.advance(ClosedNamespaces.MEMORY.plus(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> provision(r)).isInstanceOf(KubernetesClientException.class);
    assertThat(creates()).isEqualTo(2);
  }

  private KeyOutcome provision(FlowsEncryptionKey r) {
    SecretInputs missing =
        new SecretInputs(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new SecretVersions("", "", ""));
    return provisioner.provision(r, Mode.Register, missing, ResourceDirectory.NOTHING_CACHED);
  }

  private static int creates() throws InterruptedException {
    int posts = 0;
    for (var req = server.takeRequest(1, TimeUnit.SECONDS);
        req != null;
        req = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (req.getMethod().equals("POST") && req.getPath().endsWith("/secrets")) {
        posts++;
      }
    }
    return posts;
  }

  private static FlowsEncryptionKey resource(String name) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(NS);
    r.getMetadata().setUid("uid-" + name);
    r.setSpec(spec(name + "-key", phoneNumber()));
    return r;
  }

  private static Status terminating() {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(403)
        .withReason("Forbidden")
        .withMessage(
            "secrets \"shop-key\" is forbidden: unable to create new content in namespace "
                + NS
                + " because it is being terminated")
        .withNewDetails()
        .withName("shop-key")
        .withKind("secrets")
        .addNewCause()
        .withReason("NamespaceTerminating")
        .withField("metadata.namespace")
        .withMessage("namespace " + NS + " is being terminated")
        .endCause()
        .endDetails()
        .build();
  }
}
