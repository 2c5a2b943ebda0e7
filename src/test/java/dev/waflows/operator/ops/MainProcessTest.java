package dev.waflows.operator.ops;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.config.ConfigOption;
import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.testing.FreePort;
import dev.waflows.operator.testing.Http;
import dev.waflows.operator.testing.InsecureHttps;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link Main} in a JVM of its own, as the container runs it: options, a failed start, and SIGTERM
 * with work in flight.
 */
@EnableKubernetesMockClient(crud = true)
class MainProcessTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void helpPrintsEveryOptionAndExitsZero(TestInfo test) throws Exception {
    ChildJvm c = Child.start(test, List.of(), "--help");
    assertThat(c.waitFor(Duration.ofSeconds(20))).isEqualTo(0);
    String out = c.output();
    for (ConfigOption o : OperatorConfig.ALL) {
      assertThat(out).contains("--" + o.flag() + "=", o.env(), o.description());
    }
  }

  @Test
  void versionPrintsThePomsVersionAndTheRevisionAndExitsZero(TestInfo test) throws Exception {
    ChildJvm c = Child.start(test, List.of(), "--version");
    assertThat(c.waitFor(Duration.ofSeconds(20))).isEqualTo(0);
    assertThat(c.output())
        .matches(
            "flows-key-operator "
                + Pattern.quote(PomVersion.read())
                + " \\(revision ([0-9a-f]{7,40}|unknown)\\)\n");
  }

  @Test
  void aBadOptionIsNamedAndExitsTwo(TestInfo test) throws Exception {
    ChildJvm c = Child.start(test, List.of(), "--nope=1");
    assertThat(c.waitFor(Duration.ofSeconds(20))).isEqualTo(2);
    assertThat(c.output())
        .isEqualTo("flows-key-operator: unknown option --nope (--help lists the options)\n");
  }

  @Test
  void withoutAnApiServerItExitsOneAndSaysWhy(TestInfo test) throws Exception {
    ChildJvm c =
        Child.start(
            test,
            List.of(
                "-Dkubernetes.master=https://127.0.0.1:1",
                "-Dkubernetes.request.retry.backoffLimit=1"),
            "--http-port=" + FreePort.pick(),
            "--metrics-port=0",
            "--leader-election=false");
    assertThat(c.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(c.output()).contains("could not start:", "(Kubernetes API https://127.0.0.1:1/)");
  }

  @Test
  void theProxyVariablesForGraphNeverRouteTheApiServersCalls(TestInfo test) throws Exception {
    OperatorHarness.installCrd(client);
    // Nothing listens there: an API call sent through it would never arrive.
    String deadProxy = "http://127.0.0.1:" + FreePort.pick();
    int port = FreePort.pick();
    ChildJvm c =
        Child.start(
            test,
            Map.of("HTTPS_PROXY", deadProxy, "HTTP_PROXY", deadProxy, "ALL_PROXY", deadProxy),
            List.of(),
            "--http-port=" + port,
            "--metrics-secure=false",
            "--leader-election=false");
    try {
      await()
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Http.status(port, "/readyz") == 200);
      assertThat(c.output()).contains("Graph API calls: https via 127.0.0.1:");
    } finally {
      c.process().destroyForcibly();
    }
  }

  @Test
  void sigtermLetsTheReconcileInFlightFinishReleasesTheLeaseAndExits(TestInfo test)
      throws Exception {
    LeaderElectionTest.answerRulesReviews(server, DeployManifests.render("deploy/"));
    OperatorHarness.installCrd(client);
    String ns = "sigterm";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("whatsapp-system-user")
                .endMetadata()
                .withStringData(Map.of("token", OperatorHarness.TOKEN))
                .build())
        .create();

    try (GraphSandbox graph = GraphSandbox.start().acceptTokens(OperatorHarness.TOKEN)) {
      int port = FreePort.pick();
      ChildJvm c =
          Child.start(
              test,
              List.of(),
              "--graph-base-url=" + graph.baseUrl(),
              "--http-port=" + port,
              "--metrics-secure=false",
              "--leader-election-namespace=" + DeployManifestTest.NS);
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> Http.status(port, "/readyz") == 200 && holder().isPresent());
        BuildInfo build = BuildInfo.current();
        assertThat(build.version()).isEqualTo(PomVersion.read());
        assertThat(Http.get(port, "/metrics").body())
            .contains(
                "flows_build_info{revision=\""
                    + build.revision()
                    + "\",version=\""
                    + build.version()
                    + "\"} 1\n");
        assertThat(c.output())
            .contains(
                "flows-key-operator "
                    + build.version()
                    + " (revision "
                    + build.revision()
                    + ") starting");

        graph.setLatency(Duration.ofMillis(500));
        List<String> numbers = List.of(phoneNumber(), phoneNumber());
        FlowsEncryptionKey r = new FlowsEncryptionKey();
        r.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace(ns).build());
        r.setSpec(spec("shop-key", numbers.get(0), numbers.get(1)));
        client.resource(r).create();
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> graph.maxConcurrent() > 0);

        c.process().destroy(); // SIGTERM
        assertThat(c.waitFor(Duration.ofSeconds(25)))
            .as("exit status after SIGTERM, hooks completed")
            .isEqualTo(143);

        assertThat(c.output())
            .contains("shutting down", "released the Lease")
            .doesNotContain("Exiting", "lost the Lease");
        assertThat(holder()).as("the Lease is free for the next replica").isEmpty();
        FlowsEncryptionKey after =
            client.resources(FlowsEncryptionKey.class).inNamespace(ns).withName("shop").get();
        assertThat(after.getStatus().getConditions())
            .as("the reconcile in flight ran to its end")
            .anySatisfy(
                cond -> {
                  assertThat(cond.getType()).isEqualTo(Conditions.READY);
                  assertThat(cond.getStatus()).isEqualTo("True");
                });
        ShutdownChecks.assertConsistent(
            Optional.ofNullable(client.secrets().inNamespace(ns).withName("shop-key").get()),
            graph,
            numbers);
      } finally {
        c.process().destroyForcibly();
      }
    }
  }

  @Test
  void traceLogsHoldNoTokenNoPassphraseAndNoPrivateKey(TestInfo test) throws Exception {
    OperatorHarness.installCrd(client);
    String ns = "trace-logs";
    String apiToken = "api-server-bearer-" + Long.toHexString(System.nanoTime());
    String graphToken = "EAAGtraceTOKEN" + Long.toHexString(System.nanoTime()) + "ZZ";
    String passphrase = "trace-passphrase-" + Long.toHexString(System.nanoTime());
    Map<String, String> keyFiles =
        KeySecretWriter.write(new RsaKeyGenerator().generate(), Passphrase.of(passphrase));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    putSecret(ns, "whatsapp-system-user", Map.of("token", graphToken));
    putSecret(ns, "shop-key", keyFiles);
    putSecret(ns, "shop-passphrase", Map.of("passphrase", passphrase));

    String scrapeToken = "scrape-bearer-" + Long.toHexString(System.nanoTime());
    try (GraphSandbox graph = GraphSandbox.start().acceptTokens(graphToken)) {
      int metricsPort = FreePort.pick();
      ChildJvm c =
          Child.start(
              test,
              Map.of("LOG_LEVEL", "trace"),
              List.of("-Dkubernetes.auth.token=" + apiToken),
              "--graph-base-url=" + graph.baseUrl(),
              "--http-port=" + FreePort.pick(),
              "--metrics-port=" + metricsPort,
              "--leader-election=false");
      String output;
      try {
        FlowsEncryptionKey r = new FlowsEncryptionKey();
        r.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace(ns).build());
        r.setSpec(spec("shop-key", phoneNumber()));
        r.getSpec().setPassphraseSecretRef(new SecretKeySelector("shop-passphrase", null));
        client.resource(r).create();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> isReady(client.resource(r).get()));
        // The secure metrics port reviews the scrape's token with the API server, which echoes
        // the token in its answer (here: not authenticated, so 401).
        server
            .expect()
            .post()
            .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
            .andReply(
                201,
                request ->
                    new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder(
                            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                                request.getUtf8Body(),
                                io.fabric8.kubernetes.api.model.authentication.TokenReview.class))
                        .withNewStatus()
                        .withAuthenticated(false)
                        .endStatus()
                        .build())
            .always();
        assertThat(InsecureHttps.get(metricsPort, "/metrics", scrapeToken).statusCode())
            .isEqualTo(401);
      } finally {
        c.process().destroy();
        c.waitFor(Duration.ofSeconds(25));
        output = c.output();
      }

      assertThat(output)
          .as("the level took effect: the operator's own debug lines are there")
          .contains("answered HTTP 200");
      List<String> secrets =
          new ArrayList<>(List.of(apiToken, graphToken, passphrase, scrapeToken));
      keyFiles.values().forEach(pem -> secrets.addAll(base64Lines(pem)));
      for (String secret : List.copyOf(secrets)) {
        secrets.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
      }
      keyFiles.values().stream()
          .map(pem -> Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)))
          .map(b64 -> b64.substring(0, 40))
          .forEach(secrets::add);
      for (String secret : secrets) {
        assertThat(output).as("the log, see %s", c.log()).doesNotContain(secret);
      }
    }
  }

  /** The base64 lines of a PEM text: any one of them in a log would leak part of the key. */
  private static List<String> base64Lines(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).toList();
  }

  private static boolean isReady(FlowsEncryptionKey r) {
    return r != null
        && r.getStatus() != null
        && r.getStatus().getConditions() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals(Conditions.READY) && c.getStatus().equals("True"));
  }

  private static void putSecret(String ns, String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build())
        .create();
  }

  private static Optional<String> holder() {
    Lease lease =
        client
            .leases()
            .inNamespace(DeployManifestTest.NS)
            .withName(OperatorConfig.LEADER_ELECTION_LEASE.defaultValue())
            .get();
    return Optional.ofNullable(lease)
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(h -> !h.isBlank());
  }

  /** Main in a child JVM, talking to this class's mock API server. */
  private static final class Child {
    static ChildJvm start(TestInfo test, List<String> properties, String... args)
        throws IOException {
      return start(test, Map.of(), properties, args);
    }

    static ChildJvm start(
        TestInfo test, Map<String, String> env, List<String> properties, String... args)
        throws IOException {
      List<String> all = new ArrayList<>();
      all.add("-Dkubernetes.master=" + client.getMasterUrl());
      all.add("-Dkubernetes.trust.certificates=true");
      all.add("-Dkubernetes.auth.tryKubeConfig=false");
      all.add("-Dkubernetes.auth.tryServiceAccount=false");
      all.addAll(properties); // later -D wins
      return ChildJvm.start(test, env, all, args);
    }
  }
}
