package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two installations that share a phone number, as two namespaced installs of the packaged jar on
 * the real API server would: each watches only its own namespace, so neither sees the other's
 * resource and no Conflict can be reported; they meet only at Graph. The contested-key rule must
 * bound the POSTs and leave one holder, whatever the time.
 */
class ContestedKeyIT {

  private static final String TOKEN = "EAAGcontestTOKEN" + System.nanoTime();
  private static final long RUN = System.currentTimeMillis() % 100_000;
  private static final String NS_A = "e2e-contest-a-" + RUN;
  private static final String NS_B = "e2e-contest-b-" + RUN;
  private static final String SHARED = String.valueOf(7700_000_000_00L + RUN);
  private static final String EVERY_MINUTE = "verifyInterval: 1m";

  private static GraphSandbox graph;
  private static KubernetesClient admin;
  private static OperatorProcess installA;
  private static OperatorProcess installB;

  @BeforeAll
  static void start() {
    ControlPlane.installDeploy();
    admin = ControlPlane.adminClient();
    graph = GraphSandbox.start().acceptTokens(TOKEN);
    for (String ns : List.of(NS_A, NS_B)) {
      ControlPlane.kubectlWithInput(Manifests.namespace(ns), "apply", "-f", "-");
      ControlPlane.kubectlWithInput(Manifests.tokenSecret(ns, TOKEN), "apply", "-f", "-");
    }
    installA = install("a", NS_A).start();
    installB = install("b", NS_B).start();
  }

  private static OperatorProcess install(String name, String namespace) {
    return new OperatorProcess(
        graph.baseUrl(),
        true,
        "e2e-contest-" + name,
        Map.of("WATCH_NAMESPACES", namespace, "LEADER_ELECTION_LEASE_NAME", "e2e-contest-" + name));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      for (OperatorProcess p : List.of(installA, installB)) {
        int exit = p.stop();
        assertThat(p.log()).doesNotContain(TOKEN);
        assertThat(exit).as("clean exit on SIGTERM").isIn(0, 143);
      }
    } finally {
      for (String ns : List.of(NS_A, NS_B)) {
        ControlPlane.kubectl("delete", "namespace", ns, "--wait=false");
      }
      graph.close();
      admin.close();
    }
  }

  @Test
  void twoInstallationsSharingANumberEndWithOneHolderAndABoundedNumberOfPosts() {
    apply(Manifests.resource(NS_A, "shop", List.of(SHARED), EVERY_MINUTE));
    waitReady(NS_A, "shop");
    // The second installation takes the number over; from then on they meet at Graph only.
    apply(Manifests.resource(NS_B, "shop", List.of(SHARED), EVERY_MINUTE));

    await("one installation reports KeyContested")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> contested(NS_A) || contested(NS_B));
    String loser = contested(NS_A) ? NS_A : NS_B;
    String holder = loser.equals(NS_A) ? NS_B : NS_A;
    int posts = graph.postCount(SHARED);
    System.out.printf(
        "contested after %d POSTs; %s holds the number; %s%n", posts, holder, describe());
    assertThat(posts).as("POSTs in all").isLessThanOrEqualTo(4);

    // No flapping: two more check intervals of both installations change nothing.
    long end = System.nanoTime() + Duration.ofSeconds(130).toNanos();
    while (System.nanoTime() < end) {
      assertThat(graph.postCount(SHARED) == posts && contested(loser))
          .as("no flapping; now: %s", describe())
          .isTrue();
      sleep(Duration.ofSeconds(5));
    }
    assertThat(PublicKeys.sameKey(publicKeyOf(holder), graph.storedKey(SHARED).orElseThrow().pem()))
        .as("Graph holds the holder's key")
        .isTrue();
    waitReady(holder, "shop");
    FlowsEncryptionKey lost = get(loser);
    String stalled =
        lost.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Stalled"))
            .map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage())
            .findFirst()
            .orElse("");
    assertThat(stalled).startsWith("True KeyContested").doesNotContain(holder);
  }

  /** Both resources' number entries and conditions, and the POSTs so far, for a failure. */
  private static String describe() {
    StringBuilder out = new StringBuilder("POSTs " + graph.postCount(SHARED));
    for (String ns : List.of(NS_A, NS_B)) {
      FlowsEncryptionKey r = get(ns);
      out.append("; ").append(ns).append(":");
      if (r != null && r.getStatus() != null) {
        for (PhoneNumberStatus n : r.getStatus().getPhoneNumbers()) {
          out.append(" ")
              .append(n.getReason())
              .append(" matches=")
              .append(n.getKeyMatches())
              .append(" replaced=")
              .append(n.getLastReplacedTime());
        }
        r.getStatus()
            .getConditions()
            .forEach(c -> out.append(" ").append(c.getType()).append("=").append(c.getStatus()));
      }
    }
    return out.toString();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean contested(String ns) {
    FlowsEncryptionKey r = get(ns);
    return r != null
        && r.getStatus() != null
        && r.getStatus().getPhoneNumbers().stream()
            .map(PhoneNumberStatus::getReason)
            .anyMatch("KeyContested"::equals);
  }

  private static void apply(String manifest) {
    var r = ControlPlane.kubectlWithInput(manifest, "apply", "-f", "-");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  private static void waitReady(String ns, String name) {
    var wait =
        ControlPlane.kubectl(
            "wait", "--for=condition=Ready", "fek/" + name, "-n", ns, "--timeout=60s");
    assertThat(wait.exit()).as(ns + "/" + name + " Ready: " + wait.all()).isZero();
  }

  private static FlowsEncryptionKey get(String ns) {
    return admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName("shop").get();
  }

  private static java.security.PublicKey publicKeyOf(String ns) {
    Secret secret = admin.secrets().inNamespace(ns).withName("shop-key").get();
    return PublicKeys.parsePem(
            new String(
                Base64.getDecoder().decode(secret.getData().get("public.pem")),
                StandardCharsets.UTF_8))
        .orElseThrow();
  }
}
