package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.testing.FreePort;
import dev.waflows.operator.testing.Http;
import dev.waflows.operator.testing.InsecureHttps;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's /metrics on the real API server, with deploy/'s RBAC: HTTPS on its own port, a
 * ServiceAccount bound to the metrics-reader ClusterRole reads it (200), another one may not (403),
 * no or a made-up token is 401; the probes answer on the plain port without a token.
 */
class MetricsAuthIT {

  private static final String NS = "e2e-metrics-" + System.currentTimeMillis() % 100_000;
  private static final String BINDING = NS + "-reader";

  private static KubernetesClient admin;
  private static OperatorProcess operator;
  private static int metricsPort;
  private static String readerToken;
  private static String otherToken;

  @BeforeAll
  static void start() {
    ControlPlane.installDeploy();
    admin = ControlPlane.adminClient();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    readerToken = tokenOf(serviceAccount("scraper"));
    otherToken = tokenOf(serviceAccount("tenant-app"));
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(BINDING)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("flows-key-operator-metrics-reader")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("scraper")
                .withNamespace(NS)
                .endSubject()
                .build())
        .create();
    metricsPort = FreePort.pick();
    // Secure metrics (the default) on a free port; a selector that matches no resource, so that
    // this operator leaves the other tests' resources alone.
    operator =
        new OperatorProcess(
                "https://graph.facebook.com",
                false,
                "e2e-metrics-auth",
                Map.of(
                    "METRICS_SECURE",
                    "true",
                    "METRICS_PORT",
                    String.valueOf(metricsPort),
                    "WATCH_LABEL_SELECTOR",
                    "e2e-metrics-auth=" + NS))
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (operator != null) {
        operator.stop();
        String log = operator.log();
        assertThat(log).as("the operator could create its reviews").doesNotContain("Forbidden");
        assertThat(log).doesNotContain(readerToken, otherToken);
      }
    } finally {
      admin.rbac().clusterRoleBindings().withName(BINDING).delete();
      admin.namespaces().withName(NS).delete();
      admin.close();
    }
  }

  @Test
  void aServiceAccountBoundToTheReaderRoleReadsTheMetrics() throws Exception {
    HttpResponse<String> r = InsecureHttps.get(metricsPort, "/metrics", readerToken);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("flows_build_info{");
  }

  @Test
  void aServiceAccountNotBoundIsForbidden() throws Exception {
    HttpResponse<String> r = InsecureHttps.get(metricsPort, "/metrics", otherToken);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).doesNotContain("flows_");
  }

  @Test
  void noTokenOrAMadeUpOneIsUnauthorized() throws Exception {
    assertThat(InsecureHttps.get(metricsPort, "/metrics", null).statusCode()).isEqualTo(401);
    assertThat(InsecureHttps.get(metricsPort, "/metrics", "made-up." + NS).statusCode())
        .isEqualTo(401);
  }

  @Test
  void theProbesAnswerWithoutATokenOnThePlainPortWhichServesNoMetrics() throws Exception {
    assertThat(Http.status(operator.probePort(), "/healthz")).isEqualTo(200);
    assertThat(Http.status(operator.probePort(), "/readyz")).isEqualTo(200);
    assertThat(Http.status(operator.probePort(), "/metrics")).isEqualTo(404);
  }

  private static ServiceAccount serviceAccount(String name) {
    return admin
        .serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** The token the token controller (Kubernetes before 1.24) writes into a Secret per account. */
  private static String tokenOf(ServiceAccount account) {
    String name = account.getMetadata().getName();
    return await("token Secret of " + name)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                Optional.ofNullable(
                        admin.serviceAccounts().inNamespace(NS).withName(name).get().getSecrets())
                    .flatMap(s -> s.stream().map(ObjectReference::getName).findFirst())
                    .map(secret -> admin.secrets().inNamespace(NS).withName(secret).get())
                    .map(Secret::getData)
                    .map(d -> d.get("token"))
                    .map(t -> new String(Base64.getDecoder().decode(t), StandardCharsets.UTF_8))
                    .orElse(null),
            t -> t != null && !t.isEmpty());
  }
}
