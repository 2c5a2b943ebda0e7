package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two operators as deploy/overlays/sharded runs them: the packaged jar twice, with disjoint label
 * selectors and a Lease each, against one Graph. Which process reconciled a resource is read from
 * its /metrics: a process publishes {@code flows_resource_ready} only for resources it reconciled.
 */
class ShardsIT {

  private static final String TOKEN = "EAAGshardTOKEN" + System.nanoTime();
  private static final String SHARD_LABEL = "waflows.dev/shard";
  private static final String NS = "e2e-shards-" + System.currentTimeMillis() % 100_000;
  private static final long ID_BASE = 6600_000_000L + System.currentTimeMillis() % 1_000_000;
  private static final Pattern READY_METRIC =
      Pattern.compile("^flows_resource_ready\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);

  private static GraphSandbox graph;
  private static KubernetesClient admin;
  private static OperatorProcess shardA;
  private static OperatorProcess shardB;

  @BeforeAll
  static void start() {
    ControlPlane.installDeploy();
    admin = ControlPlane.adminClient();
    ControlPlane.kubectlWithInput(Manifests.namespace(NS), "apply", "-f", "-");
    ControlPlane.kubectlWithInput(Manifests.tokenSecret(NS, TOKEN), "apply", "-f", "-");
    graph = GraphSandbox.start().acceptTokens(TOKEN);
    shardA = shard("a", "waflows.dev/shard=a").start();
    shardB = shard("b", "waflows.dev/shard!=a").start();
  }

  private static OperatorProcess shard(String name, String selector) {
    return new OperatorProcess(
        graph.baseUrl(),
        true,
        "e2e-shard-" + name,
        Map.of(
            "WATCH_LABEL_SELECTOR", selector, "LEADER_ELECTION_LEASE_NAME", "e2e-shard-" + name));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      for (OperatorProcess shard : List.of(shardA, shardB)) {
        int exit = shard.stop();
        String log = shard.log();
        assertThat(log).as("the operator never lacked a permission").doesNotContain("Forbidden");
        assertThat(log).doesNotContain(TOKEN);
        assertThat(exit).as("clean exit on SIGTERM").isIn(0, 143);
      }
    } finally {
      ControlPlane.kubectl("delete", "namespace", NS, "--wait=false");
      graph.close();
      admin.close();
    }
  }

  @Test
  void eachShardReconcilesExactlyTheResourcesItSelectsWithALeaseOfItsOwn() throws Exception {
    apply(Manifests.labelledResource(NS, "in-a", Map.of(SHARD_LABEL, "a"), ids(1), ""));
    apply(Manifests.labelledResource(NS, "in-b", Map.of(SHARD_LABEL, "b"), ids(2), ""));
    apply(Manifests.resource(NS, "unlabelled", ids(3), ""));
    for (String name : List.of("in-a", "in-b", "unlabelled")) {
      waitReady(name, 60);
    }

    assertThat(reconciledBy(shardA)).contains("in-a").doesNotContain("in-b", "unlabelled");
    assertThat(reconciledBy(shardB)).contains("in-b", "unlabelled").doesNotContain("in-a");
    assertThat(leaseHolder("e2e-shard-a")).as("shard a's Lease").isPresent();
    assertThat(leaseHolder("e2e-shard-b")).as("shard b's Lease").isPresent();
    assertThat(leaseHolder("e2e-shard-a")).isNotEqualTo(leaseHolder("e2e-shard-b"));
    for (int n = 1; n <= 3; n++) {
      assertThat(graph.postCount(id(n))).as("POSTs for number %d", n).isEqualTo(1);
    }
  }

  @Test
  void aNumberHeldInOneShardIsAConflictInTheOtherUntilItsHolderIsDeleted() throws Exception {
    String shared = id(10);
    String own = id(11);
    apply(Manifests.labelledResource(NS, "holder", Map.of(SHARD_LABEL, "a"), List.of(shared), ""));
    waitReady("holder", 60);

    // Created later, in the other shard, listing the held number and one of its own.
    apply(Manifests.resource(NS, "latecomer", List.of(shared, own), ""));
    await("latecomer reports Conflict for the held number")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> numberReason("latecomer", shared).equals("Conflict"));

    FlowsEncryptionKey latecomer = get("latecomer");
    assertThat(readyCondition(latecomer)).containsExactly("False", "Conflict");
    assertThat(numberReason("latecomer", own)).isEqualTo("Registered");
    assertThat(
            latecomer.getStatus().getPhoneNumbers().stream()
                .filter(n -> n.getId().equals(shared))
                .map(PhoneNumberStatus::getMessage)
                .findFirst()
                .orElse(""))
        .as("names the holder, which is in the same namespace")
        .contains("holder");
    assertThat(graph.postCount(shared)).as("POSTs for the held number").isEqualTo(1);
    assertThat(
            PublicKeys.sameKey(publicKeyOf("holder"), graph.storedKey(shared).orElseThrow().pem()))
        .as("Graph still holds the holder's key")
        .isTrue();
    assertThat(readyCondition(get("holder"))).startsWith("True");
    assertThat(reconciledBy(shardA)).contains("holder").doesNotContain("latecomer");
    assertThat(reconciledBy(shardB)).contains("latecomer").doesNotContain("holder");

    // Its conflicted number is looked at again on a 5 s backoff: the claim holds through that.
    await("conflict held through a retry")
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(8))
        .until(
            () ->
                numberReason("latecomer", shared).equals("Conflict")
                    && graph.postCount(shared) == 1);

    // The holder goes: the other shard learns it from its unfiltered cache and takes the number
    // at once, not when its backoff next comes round (15 s after the conflict by now).
    var delete = ControlPlane.kubectl("delete", "fek", "holder", "-n", NS, "--wait=true");
    assertThat(delete.exit()).as(delete.err()).isZero();
    waitReady("latecomer", 5);
    assertThat(graph.postCount(shared)).as("POSTs for the taken-over number").isEqualTo(2);
    assertThat(
            PublicKeys.sameKey(
                publicKeyOf("latecomer"), graph.storedKey(shared).orElseThrow().pem()))
        .isTrue();
  }

  private static void apply(String manifest) {
    var r = ControlPlane.kubectlWithInput(manifest, "apply", "-f", "-");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  private static void waitReady(String name, int seconds) {
    var wait =
        ControlPlane.kubectl(
            "wait", "--for=condition=Ready", "fek/" + name, "-n", NS, "--timeout=" + seconds + "s");
    assertThat(wait.exit()).as(name + " Ready: " + wait.all()).isZero();
  }

  /** The resources of this test's namespace that a process published a Ready gauge for. */
  private static Set<String> reconciledBy(OperatorProcess shard) throws Exception {
    Set<String> names = new TreeSet<>();
    Matcher m = READY_METRIC.matcher(shard.metrics());
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("namespace=\"" + NS + "\"")) {
        Matcher name = Pattern.compile("(?:^|,)name=\"([^\"]*)\"").matcher(labels);
        assertThat(name.find()).as(labels).isTrue();
        names.add(name.group(1));
      }
    }
    return names;
  }

  private static Optional<String> leaseHolder(String lease) {
    Lease l = admin.leases().inNamespace("flows-system").withName(lease).get();
    return Optional.ofNullable(l)
        .map(x -> x.getSpec().getHolderIdentity())
        .filter(h -> !h.isBlank());
  }

  private static FlowsEncryptionKey get(String name) {
    return admin.resources(FlowsEncryptionKey.class).inNamespace(NS).withName(name).get();
  }

  private static List<String> readyCondition(FlowsEncryptionKey r) {
    return r.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .map(c -> List.of(c.getStatus(), c.getReason()))
        .orElse(List.of());
  }

  private static String numberReason(String name, String number) {
    FlowsEncryptionKey r = get(name);
    if (r == null || r.getStatus() == null) {
      return "";
    }
    return r.getStatus().getPhoneNumbers().stream()
        .filter(n -> n.getId().equals(number) && n.getReason() != null)
        .map(PhoneNumberStatus::getReason)
        .findFirst()
        .orElse("");
  }

  private static java.security.PublicKey publicKeyOf(String name) {
    Secret secret = admin.secrets().inNamespace(NS).withName(name + "-key").get();
    return PublicKeys.parsePem(
            new String(
                Base64.getDecoder().decode(secret.getData().get("public.pem")),
                StandardCharsets.UTF_8))
        .orElseThrow();
  }

  private static List<String> ids(int n) {
    return List.of(id(n));
  }

  private static String id(int n) {
    return String.valueOf(ID_BASE * 100 + n);
  }
}
