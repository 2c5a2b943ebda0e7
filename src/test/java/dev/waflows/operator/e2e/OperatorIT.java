package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator on a real kube-apiserver, with the ServiceAccount identity and the RBAC
 * from deploy/, against the Graph sandbox; checked with kubectl and openssl as a user would.
 */
class OperatorIT {

  private static final String TOKEN = "EAAGe2eTOKEN" + System.nanoTime();
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000);
  private static GraphSandbox graph;
  private static OperatorProcess operator;
  private static KubernetesClient admin;

  @BeforeAll
  static void start() {
    ControlPlane.installDeploy();
    admin = ControlPlane.adminClient();
    graph = GraphSandbox.start().acceptTokens(TOKEN);
    operator = new OperatorProcess(graph.baseUrl(), true, "e2e-operator").start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      int exit = operator.stop();
      String log = operator.log();
      assertThat(log).as("the operator never lacked a permission").doesNotContain("Forbidden");
      assertThat(log).doesNotContain(TOKEN);
      assertThat(exit).as("clean exit on SIGTERM").isIn(0, 143);
    } finally {
      graph.close();
      admin.close();
    }
  }

  private static String namespace(String name) {
    ControlPlane.kubectlWithInput(Manifests.namespace(name), "apply", "-f", "-");
    ControlPlane.kubectlWithInput(Manifests.tokenSecret(name, TOKEN), "apply", "-f", "-");
    return name;
  }

  private static String id() {
    return "9900" + IDS.incrementAndGet();
  }

  @Test
  void newResourceIsReadyAndItsKeyDecryptsWhatGraphsKeyEncrypts(@TempDir Path tmp)
      throws Exception {
    String ns = namespace("e2e-ready");
    String a = id();
    String b = id();
    var apply =
        ControlPlane.kubectlWithInput(
            Manifests.resource(ns, "shop", List.of(a, b), "verifyInterval: 1h"),
            "apply",
            "-f",
            "-");
    assertThat(apply.exit()).as(apply.err()).isZero();

    var wait =
        ControlPlane.kubectl(
            "wait", "--for=condition=Ready", "fek/shop", "-n", ns, "--timeout=60s");
    assertThat(wait.exit()).as(wait.all()).isZero();

    var get = ControlPlane.kubectl("get", "fek", "shop", "-n", ns, "-o", "wide");
    List<String> header = List.of(get.out().lines().findFirst().orElseThrow().trim().split("\\s+"));
    List<String> row =
        List.of(get.out().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+"));
    assertThat(header).containsExactly("NAME", "READY", "VALID", "MODE", "AGE", "FINGERPRINT");
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName("shop").get();
    assertThat(row).startsWith("shop", "True", "2/2", "Register");
    assertThat(row.get(5)).isEqualTo(r.getStatus().getKeyFingerprint());

    // The private key in the Secret opens what was encrypted with the key Graph holds,
    // with RSA-OAEP-SHA256 as WhatsApp Flows clients use it.
    Secret secret = admin.secrets().inNamespace(ns).withName("shop-key").get();
    Path priv = tmp.resolve("private.pem");
    Files.write(priv, Base64.getDecoder().decode(secret.getData().get("private.pem")));
    Path graphKey = tmp.resolve("graph.pem");
    Files.writeString(graphKey, graph.storedKey(a).orElseThrow().pem());
    Path plain = tmp.resolve("plain.txt");
    Files.writeString(plain, "flows data exchange " + System.nanoTime());
    Path sealed = tmp.resolve("sealed.bin");
    List<String> oaep =
        List.of(
            "-pkeyopt", "rsa_padding_mode:oaep",
            "-pkeyopt", "rsa_oaep_md:sha256",
            "-pkeyopt", "rsa_mgf1_md:sha256");
    var enc =
        ControlPlane.run(
            null,
            concat(
                List.of(
                    "openssl",
                    "pkeyutl",
                    "-encrypt",
                    "-pubin",
                    "-inkey",
                    graphKey.toString(),
                    "-in",
                    plain.toString(),
                    "-out",
                    sealed.toString()),
                oaep));
    assertThat(enc.exit()).as(enc.err()).isZero();
    var dec =
        ControlPlane.run(
            null,
            concat(
                List.of(
                    "openssl",
                    "pkeyutl",
                    "-decrypt",
                    "-inkey",
                    priv.toString(),
                    "-in",
                    sealed.toString()),
                oaep));
    assertThat(dec.exit()).as(dec.err()).isZero();
    assertThat(dec.out()).isEqualTo(Files.readString(plain, StandardCharsets.UTF_8));
    assertThat(
            PublicKeys.sameKey(
                PublicKeys.parsePem(graph.storedKey(b).orElseThrow().pem()).orElseThrow(),
                graph.storedKey(a).orElseThrow().pem()))
        .isTrue();
  }

  @Test
  void deletionPolicyDeleteGarbageCollectsTheGeneratedSecretAndRetainKeepsIt() {
    String ns = namespace("e2e-deletion");
    ControlPlane.kubectlWithInput(
        Manifests.resource(ns, "gone", List.of(id()), "secretDeletionPolicy: Delete"),
        "apply",
        "-f",
        "-");
    ControlPlane.kubectlWithInput(
        Manifests.resource(ns, "kept", List.of(id()), "secretDeletionPolicy: Retain"),
        "apply",
        "-f",
        "-");
    for (String name : List.of("gone", "kept")) {
      var wait =
          ControlPlane.kubectl(
              "wait", "--for=condition=Ready", "fek/" + name, "-n", ns, "--timeout=60s");
      assertThat(wait.exit()).as(wait.all()).isZero();
    }
    ControlPlane.kubectl("delete", "fek", "gone", "kept", "-n", ns, "--wait=true");

    // The garbage collector notices a new CRD type on a periodic scan: allow it a minute.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> admin.secrets().inNamespace(ns).withName("gone-key").get() == null);
    assertThat(admin.secrets().inNamespace(ns).withName("kept-key").get()).isNotNull();
  }

  @Test
  void fixingTheTokenSecretRecoversWithoutWaitingForTheInterval() {
    String ns = namespace("e2e-token");
    ControlPlane.kubectlWithInput(
        Manifests.tokenSecret(ns, "EAAGnotTheRightOne"), "apply", "-f", "-");
    ControlPlane.kubectlWithInput(
        Manifests.resource(ns, "shop", List.of(id()), "verifyInterval: 24h"), "apply", "-f", "-");
    await().atMost(Duration.ofSeconds(60)).until(() -> reason(ns, "shop").equals("InvalidToken"));

    ControlPlane.kubectlWithInput(Manifests.tokenSecret(ns, TOKEN), "apply", "-f", "-");
    var wait =
        ControlPlane.kubectl(
            "wait", "--for=condition=Ready", "fek/shop", "-n", ns, "--timeout=30s");
    assertThat(wait.exit()).as(wait.all()).isZero();
  }

  private static String reason(String ns, String name) {
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
    if (r == null || r.getStatus() == null) {
      return "";
    }
    return r.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
