package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL at random moments while many resources are created: every resource ends Ready with the
 * key in its Secret, no key is lost or replaced, and none was ever registered that is not stored.
 */
class CrashRecoveryIT {

  private static final int RESOURCES = 15;
  private static final int KILLS = 4;

  @Test
  void killedAtRandomEveryResourceEndsReadyWithTheKeyInItsSecret() throws Exception {
    ControlPlane.installDeploy();
    String ns = "e2e-crash-" + System.currentTimeMillis() % 100_000;
    ControlPlane.kubectlWithInput(Manifests.namespace(ns), "apply", "-f", "-");
    ControlPlane.kubectlWithInput(Manifests.tokenSecret(ns, "EAAGcrashTOKEN"), "apply", "-f", "-");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (GraphSandbox graph = GraphSandbox.start().setLatency(Duration.ofMillis(40));
        KubernetesClient admin = ControlPlane.adminClient();
        OperatorProcess operator =
            new OperatorProcess(graph.baseUrl(), false, "e2e-crash-operator")) {
      operator.start();
      List<String> names = new ArrayList<>();
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < RESOURCES; i++) {
        String name = "r" + i;
        names.add(name);
        all.append(
                Manifests.resource(
                    ns, name, List.of(id(i, 0), id(i, 1), id(i, 2)), "verifyInterval: 1h"))
            .append("---\n");
      }
      var apply = ControlPlane.kubectlWithInput(all.toString(), "apply", "-f", "-");
      assertThat(apply.exit()).as(apply.err()).isZero();

      for (int k = 0; k < KILLS; k++) {
        TimeUnit.MILLISECONDS.sleep(200 + random.nextInt(1500));
        operator.kill();
        operator.start();
      }

      await("all Ready (seed " + seed + ")")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> names.stream().allMatch(n -> ready(admin, ns, n)));

      for (int i = 0; i < RESOURCES; i++) {
        Secret secret = admin.secrets().inNamespace(ns).withName("r" + i + "-key").get();
        PublicKey stored =
            PublicKeys.parsePem(
                    new String(
                        Base64.getDecoder().decode(secret.getData().get("public.pem")),
                        StandardCharsets.UTF_8))
                .orElseThrow();
        FlowsEncryptionKey r =
            admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName("r" + i).get();
        assertThat(r.getStatus().getKeyFingerprint())
            .isEqualTo(dev.waflows.operator.keys.Fingerprints.sha256(stored));
        String secretName = "r" + i + "-key";
        for (int n = 0; n < 3; n++) {
          String id = id(i, n);
          assertThat(graph.postedKeys(id))
              .as("keys posted for %s (seed %d)", id, seed)
              .isNotEmpty()
              .allSatisfy(
                  pem ->
                      assertThat(PublicKeys.sameKey(stored, pem))
                          .as("a key that is not in Secret %s was registered", secretName)
                          .isTrue());
        }
      }
      assertThat(operator.starts()).isEqualTo(KILLS + 1);
    } finally {
      ControlPlane.kubectl("delete", "namespace", ns, "--wait=false");
    }
  }

  private static String id(int resource, int n) {
    return "7700" + String.format("%03d%d", resource, n);
  }

  private static boolean ready(KubernetesClient admin, String ns, String name) {
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
    return r != null
        && r.getStatus() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
