package dev.waflows.operator.ops;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.management.ManagementServer;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.testing.Http;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real operator as operations see it: probes, Prometheus metrics, and whether the deployed RBAC
 * lets it make the API calls it makes.
 */
@EnableKubernetesMockClient(crud = true)
class RunningOperatorTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void readinessFollowsStartAndClose() throws Exception {
    try (OperatorHarness h = new OperatorHarness(client, client, null, Optional.empty(), false);
        ManagementServer health =
            new ManagementServer(0, () -> true, h.app()::isReady, h.registry)) {
      int port = health.port();
      assertThat(Http.status(port, "/healthz")).isEqualTo(200);
      assertThat(Http.status(port, "/readyz")).as("not started").isEqualTo(503);

      h.start();
      assertThat(Http.status(port, "/readyz")).as("informers and Secret watch up").isEqualTo(200);

      h.app().close();
      assertThat(Http.status(port, "/readyz")).as("stopped").isEqualTo(503);
      assertThat(Http.status(port, "/healthz")).as("the process still answers").isEqualTo(200);
    }
  }

  @Test
  void metricsNameTheProjectsMetersAfterAReconcile() throws Exception {
    try (OperatorHarness h = new OperatorHarness(client);
        ManagementServer health =
            new ManagementServer(0, () -> true, h.app()::isReady, h.registry)) {
      String ns = h.namespace();
      String id = phoneNumber();
      h.create(ns, "shop", spec("shop-key", id));
      h.awaitReady(ns, "shop");

      assertThat(Http.status(health.port(), "/readyz")).isEqualTo(200);
      String m = Http.get(health.port(), "/metrics").body();
      // Graph: a GET (nothing stored), a POST, a GET to learn the signature status. The mock API
      // server is shared by this class's tests: this operator may have reconciled others too.
      assertThat(sample(m, "flows_graph_requests_total", "method=\"GET\"", "outcome=\"success\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2));
      assertThat(sample(m, "flows_graph_requests_total", "method=\"POST\"", "outcome=\"success\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(sample(m, "flows_graph_request_duration_seconds_count", "method=\"POST\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(sample(m, "flows_graph_request_duration_seconds_sum", "method=\"GET\""))
          .isPresent();
      assertThat(sample(m, "flows_graph_request_duration_seconds_max", "method=\"GET\""))
          .isPresent();
      assertThat(
              sample(
                  m,
                  "flows_graph_request_duration_seconds_bucket",
                  "method=\"GET\"",
                  "le=\"+Inf\""))
          .as("latency is a histogram: buckets add up over a fleet, for a p99")
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(m)
          .as("Unix times end in _timestamp_seconds (renamed in 0.2.0)")
          .doesNotContain("flows_phone_number_last_checked_seconds");
      assertThat(sample(m, "flows_phone_numbers", "signature_status=\"VALID\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(sample(m, "flows_phone_numbers", "signature_status=\"MISMATCH\"")).isPresent();
      assertThat(sample(m, "flows_phone_numbers", "signature_status=\"UNKNOWN\"")).isPresent();
      assertThat(
              sample(
                  m,
                  "flows_phone_number_last_checked_timestamp_seconds",
                  "namespace=\"" + ns + "\"",
                  "name=\"shop\"",
                  "phone_number_id=\"" + id + "\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThan(1.7e9));
      assertThat(sample(m, "flows_keys_generated_total"))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      // JOSDK's MicrometerMetrics.withoutPerResourceMetrics.
      assertThat(
              sample(
                  m, "operator_sdk_reconciliations_started_total", "kind=\"FlowsEncryptionKey\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(
              sample(
                  m, "operator_sdk_reconciliations_success_total", "kind=\"FlowsEncryptionKey\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(
              sample(
                  m,
                  "operator_sdk_controllers_execution_reconcile_seconds_count",
                  "controller=\"flowsencryptionkey\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(m)
          .contains("# TYPE operator_sdk_reconciliations_queue_size_flowsencryptionkey gauge")
          .contains("# TYPE operator_sdk_events_received_total counter");
      // The token never reaches a label.
      assertThat(m).doesNotContain(OperatorHarness.TOKEN);
      // The README's "Metrics and health" lists every family the operator itself exposes.
      String readme = Files.readString(Path.of("README.md"));
      m.lines()
          .filter(l -> l.startsWith("# TYPE flows_"))
          .map(l -> l.split(" ")[2])
          .forEach(family -> assertThat(readme).as("README names " + family).contains(family));
    }
  }

  @Test
  void everyApiCallTheOperatorMakesIsGrantedByTheDeployedRbac() throws Exception {
    String agent = "flows-key-operator-under-test";
    DeployManifests deploy = DeployManifests.render("deploy/");
    try (KubernetesClient operatorClient = ApiRequests.clientAs(client, agent);
        OperatorHarness h =
            new OperatorHarness(client, operatorClient, null, Optional.empty(), true)) {
      String ns = h.namespace();
      h.create(ns, "shop", spec("shop-key", phoneNumber()));
      h.awaitReady(ns, "shop");
      // Retain -> Delete: the operator adds its owner reference to the Secret it generated.
      // A merge patch without a resourceVersion, as kubectl patch sends: edit() would carry the
      // version it read and lose (409) to a status patch of the operator in between.
      client
          .resources(FlowsEncryptionKey.class)
          .inNamespace(ns)
          .withName("shop")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"secretDeletionPolicy\":\"" + SecretDeletionPolicy.Delete + "\"}}");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  !h.secret(ns, "shop-key")
                      .orElseThrow()
                      .getMetadata()
                      .getOwnerReferences()
                      .isEmpty());

      var used = ApiRequests.assertAllowed(ApiRequests.drain(server, agent), deploy);
      assertThat(used)
          .contains(
              "waflows.dev flowsencryptionkeys list",
              "waflows.dev flowsencryptionkeys watch",
              "waflows.dev flowsencryptionkeys/status patch",
              "core secrets get",
              "core secrets list",
              "core secrets watch",
              "core secrets create",
              "core secrets patch",
              "core events create");
    }
  }

  /** The value of the first sample of a metric whose labels include all the given pairs. */
  static Optional<Double> sample(String scrape, String name, String... labels) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> Arrays.stream(labels).allMatch(l::contains))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst();
  }
}
