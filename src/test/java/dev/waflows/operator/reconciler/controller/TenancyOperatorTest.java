package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What one tenant can make the operator do to another, on the mock API server. */
@EnableKubernetesMockClient(crud = true)
class TenancyOperatorTest {

  static KubernetesClient client;
  private static KubernetesClient operatorClient;
  private static OperatorHarness h;

  /** How many of the operator's next status writes fail, as a flaky API server would. */
  private static final AtomicInteger failStatusWrites = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("flaky-status", new FlakyStatusWrites()))
            .build();
    h = new OperatorHarness(client, operatorClient, null, Optional.empty(), true);
  }

  @AfterAll
  static void stop() {
    h.close();
    operatorClient.close();
  }

  /** Sends a status write to a path that does not exist, so the API server answers 404. */
  private static final class FlakyStatusWrites implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if ("PATCH".equals(request.method())
          && request.uri().getPath().endsWith("/status")
          && failStatusWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        builder.uri(URI.create(request.uri().toString().replace("/status", "/no-such-status")));
      }
    }
  }

  @Test
  void aBaseUrlOffTheAllowListGetsNoRequestAndNoToken() throws Exception {
    try (GraphSandbox elsewhere = GraphSandbox.start().acceptTokens(OperatorHarness.TOKEN)) {
      String ns = h.namespace();
      String id = phoneNumber();
      FlowsEncryptionKeySpec spec = spec("key", id);
      spec.setGraphApi(OperatorHarness.graphApi(elsewhere.baseUrl()));
      h.create(ns, "shop", spec);

      FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Ready", "False", "InvalidSpec");
      assertThat(r.getStatus().getConditions())
          .anySatisfy(c -> assertThat(c.getMessage()).contains("GRAPH_ALLOWED_BASE_URLS"));
      TimeUnit.MILLISECONDS.sleep(500);
      assertThat(elsewhere.requests()).isEmpty();
      assertThat(h.secret(ns, "key")).as("nothing is generated either").isEmpty();
    }
  }

  @Test
  void aNumberHeldInAnotherNamespaceIsNotNamedAndNotTaken() throws Exception {
    String shared = phoneNumber();
    String tenantA = h.namespace();
    String tenantB = h.namespace();
    h.create(tenantA, "a-shop", spec("key", shared));
    h.awaitReady(tenantA, "a-shop");
    TimeUnit.MILLISECONDS.sleep(1100); // creation timestamps have second precision
    h.create(tenantB, "b-shop", spec("key", shared));

    FlowsEncryptionKey b = h.awaitCondition(tenantB, "b-shop", "Ready", "False", "Conflict");
    PhoneNumberStatus n = b.getStatus().getPhoneNumbers().get(0);
    assertThat(n.getMessage())
        .contains("a FlowsEncryptionKey in another namespace")
        .doesNotContain(tenantA)
        .doesNotContain("a-shop");
    assertThat(h.graph.postCount(shared)).isEqualTo(1);
  }

  @Test
  void anOlderPausedResourceDoesNotSquatANumberAnotherTenantCanRegister() throws Exception {
    String shared = phoneNumber();
    String squatterNs = h.namespace();
    String ownerNs = h.namespace();
    FlowsEncryptionKey squatter = new FlowsEncryptionKey();
    squatter.setMetadata(
        new ObjectMetaBuilder()
            .withName("squat")
            .withNamespace(squatterNs)
            .addToAnnotations(Annotations.PAUSED, "true")
            .build());
    squatter.setSpec(spec("key", shared));
    client.resource(squatter).create();
    h.awaitCondition(squatterNs, "squat", "Paused", "True", "Paused");
    TimeUnit.MILLISECONDS.sleep(1100);

    h.create(ownerNs, "shop", spec("key", shared));
    h.awaitReady(ownerNs, "shop");

    // Once the squatter resumes, the number stays where Graph holds the key: no flip.
    h.resume(squatterNs, "squat");
    h.awaitCondition(squatterNs, "squat", "Ready", "False", "Conflict");
    h.awaitAnotherPass(squatterNs, "squat");
    assertThat(h.graph.postCount(shared)).isEqualTo(1);
    assertThat(h.condition(ownerNs, "shop", "Ready").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void aVerifyResourceWhoseSecretsDoNotExistDoesNotBlockAnotherTenantsRegistration()
      throws Exception {
    String shared = phoneNumber();
    String watcherNs = h.namespace();
    String ownerNs = h.namespace();
    FlowsEncryptionKeySpec watcher = spec("no-such-key", shared);
    watcher.setMode(Mode.Verify);
    watcher.setAccessTokenSecretRef(new SecretKeySelector("no-such-token", null));
    h.create(watcherNs, "watcher", watcher);
    // Nothing could be checked: the number's entry carries no reason, and the resource is older.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Optional.ofNullable(h.get(watcherNs, "watcher").getStatus())
                    .map(s -> s.getPhoneNumbers())
                    .filter(ns -> ns.size() == 1 && ns.get(0).getReason() == null)
                    .isPresent());
    TimeUnit.MILLISECONDS.sleep(1100); // creation timestamps have second precision

    h.create(ownerNs, "shop", spec("key", shared));
    FlowsEncryptionKey shop = h.awaitReady(ownerNs, "shop");
    assertThat(shop.getStatus().getPhoneNumbers())
        .singleElement()
        .satisfies(n -> assertThat(n.getReason()).isEqualTo(Reasons.REGISTERED));
    assertThat(h.graph.postCount(shared)).isEqualTo(1);
  }

  @Test
  void aFailedStatusWriteIsRepairedWithoutWaitingForTheInterval() {
    String ns = h.namespace();
    FlowsEncryptionKeySpec spec = spec("key", phoneNumber());
    // 24h is 24 minutes at the harness's speed: far longer than this test may wait.
    spec.setVerifyInterval("24h");
    failStatusWrites.set(1);
    h.create(ns, "shop", spec);
    await().atMost(Duration.ofSeconds(20)).until(() -> failStatusWrites.get() == 0);
    h.awaitReady(ns, "shop");
  }
}
