package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.metrics.Scraped;
import dev.waflows.operator.reconciler.FakeEncryptionApi;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.reconciler.PrimaryCacheStub;
import dev.waflows.operator.reconciler.status.SecretGrace;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler called directly, as JOSDK calls it, on Fabric8's mock API server (CRUD mode) with
 * a fake Graph edge and a clock that stands still: what a user sees in the status and when the next
 * pass comes.
 */
@EnableKubernetesMockClient(crud = true)
class FlowsEncryptionKeyReconcilerTest {

  static KubernetesClient client;

  private static final Duration INTERVAL = Duration.ofHours(1);

  private final FakeEncryptionApi graph = new FakeEncryptionApi();
  private final FixedTime time = new FixedTime();
  private final PrimaryCacheStub primaries = new PrimaryCacheStub();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private final Context<FlowsEncryptionKey> context = DirectReconciler.context(primaries);

  private MockCluster cluster;
  private String ns;
  private FlowsEncryptionKeyReconciler reconciler;

  @BeforeAll
  static void installCrd() throws Exception {
    OperatorHarness.installCrd(client);
  }

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    ns = freshNamespace();
    cluster.tokenSecret(ns);
    reconciler = freshReconciler(registry);
  }

  @Test
  void newResourceGetsAGeneratedKeyRegisteredForEveryNumber() {
    String a = phoneNumber();
    String b = phoneNumber();
    cluster.create(ns, "shop", spec("shop-key", a, b));

    UpdateControl<FlowsEncryptionKey> control = reconcile("shop");

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(delay(control)).isEqualTo(INTERVAL);
    var secret = cluster.getSecret(ns, "shop-key");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(Annotations.MANAGED_BY_LABEL, Annotations.MANAGED_BY_VALUE);
    assertThat(graph.posts).hasValue(2);
    assertThat(graph.stored).containsOnlyKeys(a, b);

    var status = cluster.get(ns, "shop").getStatus();
    assertThat(status.getKeySource()).isEqualTo(KeySource.Generated);
    assertThat(status.getSummary()).isEqualTo("2/2");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertCondition("shop", Conditions.READY, Conditions.TRUE, Reasons.READY);
    assertCondition("shop", Conditions.RECONCILING, Conditions.FALSE, null);
    assertCondition("shop", Conditions.STALLED, Conditions.FALSE, null);
  }

  @Test
  void aPassHandedACopyFromBeforeItsOwnStatusWriteWaitsForTheCacheInsteadOfRedoingTheWork() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber(), phoneNumber()));
    FlowsEncryptionKey beforeFirstPass = cluster.get(ns, "shop");
    reconcile("shop");
    var stored = cluster.get(ns, "shop");
    int events = cluster.events(ns).size();
    graph.resetCounts();

    // The key Secret the first pass created wakes a second pass before the watch delivered the
    // status write: JOSDK hands it the copy it cached before that write.
    UpdateControl<FlowsEncryptionKey> stale = reconciler.reconcile(beforeFirstPass, context);

    assertThat(stale.isNoUpdate()).isTrue();
    assertThat(delay(stale)).isEqualTo(OwnStatusWrites.RETRY_AFTER);
    assertThat(graph.calls()).isZero();
    assertThat(cluster.events(ns)).hasSize(events);
    assertThat(cluster.get(ns, "shop").getMetadata().getResourceVersion())
        .isEqualTo(stored.getMetadata().getResourceVersion());

    // Once the cache shows the write, passes go on as usual: nothing is due.
    UpdateControl<FlowsEncryptionKey> next = reconcile("shop");
    assertThat(next.isNoUpdate()).isTrue();
    assertThat(delay(next)).isEqualTo(INTERVAL);
    assertThat(graph.calls()).isZero();
  }

  @Test
  void aSecondPassWithNothingChangedCallsNobodyAndWritesNothing() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber(), phoneNumber()));
    reconcile("shop");
    graph.resetCounts();
    String resourceVersion = cluster.get(ns, "shop").getMetadata().getResourceVersion();

    time.advance(Duration.ofMinutes(10));
    UpdateControl<FlowsEncryptionKey> control = reconcile("shop");

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(delay(control)).as("the rest of the interval").isEqualTo(Duration.ofMinutes(50));
    assertThat(graph.calls()).isZero();
    assertThat(cluster.get(ns, "shop").getMetadata().getResourceVersion())
        .isEqualTo(resourceVersion);
  }

  @Test
  void onceTheIntervalHasPassedEachNumberIsReadOnceAndNothingIsWritten() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber(), phoneNumber()));
    reconcile("shop");
    graph.resetCounts();

    time.advance(INTERVAL);
    UpdateControl<FlowsEncryptionKey> control = reconcile("shop");

    assertThat(graph.gets).hasValue(2);
    assertThat(graph.posts).hasValue(0);
    assertThat(control.isNoUpdate()).isTrue();
    assertThat(delay(control)).isEqualTo(INTERVAL);
  }

  @Test
  void aTokenGraphRefusesStallsTheResource() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber()));
    graph.failWith(GraphErrorReason.InvalidToken);

    reconcile("shop");

    assertThat(graph.posts).hasValue(0);
    assertCondition("shop", Conditions.STALLED, Conditions.TRUE, Reasons.INVALID_TOKEN);
    assertCondition("shop", Conditions.RECONCILING, Conditions.FALSE, null);
    assertCondition("shop", Conditions.READY, Conditions.FALSE, null);
    assertThat(condition("shop", Conditions.STALLED).getMessage()).contains("AbCdEf123");
  }

  @Test
  void anUnavailableGraphKeepsReconcilingWithGrowingBackoff() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber()));
    graph.failWith(GraphErrorReason.GraphUnavailable);

    UpdateControl<FlowsEncryptionKey> first = reconcile("shop");
    time.advance(delay(first));
    UpdateControl<FlowsEncryptionKey> second = reconcile("shop");

    assertCondition("shop", Conditions.RECONCILING, Conditions.TRUE, Reasons.GRAPH_UNAVAILABLE);
    assertCondition("shop", Conditions.STALLED, Conditions.FALSE, null);
    assertThat(delay(first)).isEqualTo(Duration.ofSeconds(5));
    assertThat(delay(second)).isEqualTo(Duration.ofSeconds(10));

    graph.failWith(null);
    time.advance(delay(second));
    reconcile("shop");
    assertCondition("shop", Conditions.READY, Conditions.TRUE, Reasons.READY);
  }

  @Test
  void aPausedResourceCausesNoCallAndNoSecret() {
    FlowsEncryptionKey r = resource("shop", spec("shop-key", phoneNumber()));
    r.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true"));
    client.resource(r).create();

    UpdateControl<FlowsEncryptionKey> control = reconcile("shop");

    assertThat(graph.calls()).isZero();
    assertThat(cluster.getSecret(ns, "shop-key")).isNull();
    assertThat(control.getScheduleDelay()).as("woken by the annotation's removal").isEmpty();
    assertCondition("shop", Conditions.PAUSED, Conditions.TRUE, Reasons.PAUSED);
  }

  @Test
  void aVerifyIntervalUnderAMinuteIsRefusedWithoutAnyCall() {
    FlowsEncryptionKeySpec spec = spec("shop-key", phoneNumber());
    spec.setVerifyInterval("30s");
    cluster.create(ns, "shop", spec);

    UpdateControl<FlowsEncryptionKey> control = reconcile("shop");

    assertThat(graph.calls()).isZero();
    assertThat(cluster.getSecret(ns, "shop-key")).as("no key generated").isNull();
    assertThat(control.getScheduleDelay()).isEmpty();
    assertCondition("shop", Conditions.READY, Conditions.FALSE, Reasons.INVALID_SPEC);
    assertCondition("shop", Conditions.STALLED, Conditions.TRUE, Reasons.INVALID_SPEC);
    assertThat(condition("shop", Conditions.READY).getMessage()).contains("verifyInterval");
  }

  @Test
  void aServiceAccountTokenIsNeverSentToGraph() {
    cluster.secret(
        ns,
        MockCluster.TOKEN_SECRET,
        "kubernetes.io/service-account-token",
        Map.of("token", "eyJhbGciOiJSUzI1NiJ9.serviceaccount"));
    cluster.create(ns, "shop", spec("shop-key", phoneNumber()));

    reconcile("shop");

    assertThat(graph.calls()).isZero();
    assertCondition("shop", Conditions.STALLED, Conditions.TRUE, Reasons.INVALID_SPEC);
    assertThat(condition("shop", Conditions.STALLED).getMessage())
        .contains("kubernetes.io/service-account-token")
        .doesNotContain("eyJhbGciOiJSUzI1NiJ9");
  }

  @Test
  void aTokenSecretNotCreatedYetIsAwaitedFiveMinutesAndLookedAtAgainWhenTheWaitEnds() {
    FlowsEncryptionKeySpec spec = spec("shop-key", phoneNumber());
    spec.getAccessTokenSecretRef().setName("created-by-external-secrets");
    cluster.create(ns, "shop", spec);

    Duration elapsed = Duration.ZERO;
    UpdateControl<FlowsEncryptionKey> control = reconcile("shop");
    while (elapsed.compareTo(SecretGrace.PERIOD) < 0) {
      assertCondition("shop", Conditions.RECONCILING, Conditions.TRUE, Reasons.SECRET_NOT_FOUND);
      assertCondition("shop", Conditions.STALLED, Conditions.FALSE, null);
      assertThat(elapsed.plus(delay(control)))
          .as("retries back off, but never past the end of the wait")
          .isLessThanOrEqualTo(SecretGrace.PERIOD);
      time.advance(delay(control));
      elapsed = elapsed.plus(delay(control));
      control = reconcile("shop");
    }

    assertThat(elapsed).isEqualTo(SecretGrace.PERIOD);
    assertCondition("shop", Conditions.STALLED, Conditions.TRUE, Reasons.SECRET_NOT_FOUND);
    assertCondition("shop", Conditions.RECONCILING, Conditions.FALSE, null);
    assertThat(graph.calls()).isZero();
  }

  @Test
  void aCurrentStatusSeenAfterARestartIsCheckedLaterWithinItsInterval() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber(), phoneNumber()));
    reconcile("shop");
    graph.resetCounts();

    FlowsEncryptionKeyReconciler afterRestart = freshReconciler();
    UpdateControl<FlowsEncryptionKey> control = reconcile(afterRestart, "shop");

    assertThat(graph.calls()).as("no burst of GETs on a rollout").isZero();
    assertThat(control.isNoUpdate()).isTrue();
    assertThat(delay(control)).isPositive().isLessThanOrEqualTo(INTERVAL);

    time.advance(delay(control));
    reconcile(afterRestart, "shop");
    assertThat(graph.gets).as("checked when the spread point comes").hasValue(2);
  }

  @Test
  void afterARestartMetricsComeFromTheStoredStatusBeforeAnyGraphCall() {
    String a = phoneNumber();
    String b = phoneNumber();
    cluster.create(ns, "shop", spec("shop-key", a, b));
    reconcile("shop");
    graph.resetCounts();

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowsEncryptionKeyReconciler afterRestart = freshReconciler(registry);
    UpdateControl<FlowsEncryptionKey> control = reconcile(afterRestart, "shop");

    assertThat(graph.calls()).isZero();
    Scraped scraped = Scraped.of(registry);
    assertThat(scraped.gauge("flows_resource_ready", "name", "shop")).hasValue(1);
    assertThat(scraped.gauge("flows_resource_stalled", "name", "shop")).hasValue(0);
    for (String id : List.of(a, b)) {
      assertThat(scraped.gauge("flows_phone_number_valid", "phone_number_id", id)).hasValue(1);
      assertThat(scraped.gauge("flows_phone_number_verify_interval_seconds", "phone_number_id", id))
          .hasValue(3600);
    }
    assertThat(scraped.gauge("flows_phone_numbers", "signature_status", "VALID")).hasValue(2);
    assertThat(scraped.series("flows_phone_number_last_checked_timestamp_seconds"))
        .as("not checked by this process yet: no check time is made up")
        .isEmpty();

    time.advance(delay(control));
    reconcile(afterRestart, "shop");
    assertThat(graph.gets).hasValue(2);
    scraped = Scraped.of(registry);
    assertThat(
            scraped.gauge(
                "flows_phone_number_last_checked_timestamp_seconds", "phone_number_id", a))
        .hasValue(time.now().getEpochSecond());
    assertThat(scraped.gauge("flows_phone_numbers", "signature_status", "VALID"))
        .as("counted once")
        .hasValue(2);
  }

  @Test
  void aRegisterAfterUnderAMinuteWithoutEndpointIsToldInReadyAndOncePerGeneration() {
    FlowsEncryptionKeySpec spec = spec("shop-key", phoneNumber());
    spec.setRotation(new RotationSpec(null, "0s", null));
    cluster.create(ns, "shop", spec);

    reconcile("shop");
    assertCondition("shop", Conditions.READY, Conditions.TRUE, Reasons.READY);
    assertThat(condition("shop", Conditions.READY).getMessage())
        .contains("spec.rotation.registerAfter 0s is under 1m and no spec.endpoint is set");
    assertThat(cluster.events(ns, EventReasons.SHORT_REGISTER_AFTER))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

    // Another pass, and a restarted operator: the stored Ready message says it was told.
    requestReconcile("shop", "again");
    reconcile("shop");
    requestReconcile("shop", "after-restart");
    reconcile(freshReconciler(), "shop");
    assertThat(cluster.events(ns, EventReasons.SHORT_REGISTER_AFTER))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

    // A new generation that keeps the value is told once more.
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName("shop")
        .edit(
            r -> {
              r.getSpec().setVerifyInterval("2h");
              return r;
            });
    reconcile("shop");
    // The same Event again within ten minutes: the first one's count goes up.
    assertThat(cluster.events(ns, EventReasons.SHORT_REGISTER_AFTER))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
  }

  @Test
  void aFailedKubernetesCallIsShownAndTheNextPassChecksAgain() {
    cluster.create(ns, "shop", spec("shop-key", phoneNumber()));
    reconcile("shop");
    graph.resetCounts();

    FlowsEncryptionKey current = cluster.get(ns, "shop");
    ErrorStatusUpdateControl<FlowsEncryptionKey> error =
        reconciler.updateErrorStatus(
            current, context, new KubernetesClientException("secrets is forbidden", 403, null));
    writeStatus(error.getResource().orElseThrow());

    assertCondition("shop", Conditions.READY, Conditions.FALSE, Reasons.KUBERNETES_API_ERROR);
    UpdateControl<FlowsEncryptionKey> retry = reconcile("shop");
    assertThat(graph.gets).as("due again, although the interval has not passed").hasValue(1);
    assertThat(retry.isPatchStatus()).isTrue();
    assertCondition("shop", Conditions.READY, Conditions.TRUE, Reasons.READY);
  }

  @Test
  void aNumberAnotherResourceHoldsIsAConflictAndIsNeverPosted() {
    String shared = phoneNumber();
    cluster.create(ns, "first", spec("first-key", shared));
    reconcile("first");
    String firstKey = graph.stored.get(shared).publicKeyPem().orElseThrow();
    graph.resetCounts();

    cluster.create(ns, "second", spec("second-key", shared));
    reconcile("second");

    assertThat(graph.posts).hasValue(0);
    assertThat(graph.stored.get(shared).publicKeyPem()).contains(firstKey);
    assertCondition("second", Conditions.STALLED, Conditions.TRUE, Reasons.CONFLICT);
    assertThat(condition("second", Conditions.STALLED).getMessage())
        .contains("the FlowsEncryptionKey first in this namespace");
  }

  @Test
  void aResourceWhoseDeleteWasMissedIsForgottenByTheSweep() {
    cluster.create(ns, "gone", spec("gone-key", phoneNumber()));
    cluster.create(ns, "stays", spec("stays-key", phoneNumber()));
    reconcile("gone");
    reconcile("stays");
    assertThat(seriesOf("gone")).isNotEmpty();

    // Deleted while no delete event reached the operator: only the cache knows it is gone.
    primaries.remove(new ResourceID("gone", ns));
    time.advance(ResourceMemory.SWEEP_EVERY);
    reconcile("stays");

    assertThat(seriesOf("gone")).isEmpty();
    assertThat(seriesOf("stays")).isNotEmpty();
  }

  @Test
  void aRefusedRotationIsToldOnceAndStaysToldAfterARestart() {
    FlowsEncryptionKeySpec spec = spec("held-key", phoneNumber());
    FlowsEncryptionKey r = cluster.create(ns, "held", spec);
    r.getMetadata()
        .setAnnotations(
            Map.of(Annotations.PAUSED, "true", Annotations.ROTATE_REQUESTED_AT, "please"));
    client.resource(r).update();

    reconcile("held");
    reconcile("held");
    assertThat(cluster.events(ns, "RotationRefused")).hasSize(1);
    assertThat(condition("held", Conditions.PAUSED).getMessage())
        .contains("waflows.dev/rotate-requested-at \"please\" is not acted on");

    // A new process remembers nothing: what was told is read from the status.
    reconcile(freshReconciler(), "held");
    assertThat(cluster.events(ns, "RotationRefused")).hasSize(1);
  }

  /** The names of the families with a series of the resource. */
  private List<String> seriesOf(String name) {
    return Scraped.of(registry).namesWith("name", name, "namespace", ns);
  }

  private FlowsEncryptionKeyReconciler freshReconciler() {
    return freshReconciler(new SimpleMeterRegistry());
  }

  private FlowsEncryptionKeyReconciler freshReconciler(MeterRegistry registry) {
    return DirectReconciler.fresh(client, graph, time, primaries, registry);
  }

  private UpdateControl<FlowsEncryptionKey> reconcile(String name) {
    return reconcile(reconciler, name);
  }

  /** One pass as JOSDK runs it: the cached resource in, the status patch applied. */
  private UpdateControl<FlowsEncryptionKey> reconcile(FlowsEncryptionKeyReconciler r, String name) {
    primaries.put(cluster.get(ns, name));
    UpdateControl<FlowsEncryptionKey> control = r.reconcile(cluster.get(ns, name), context);
    if (control.isPatchStatus()) {
      writeStatus(control.getResource().orElseThrow());
      primaries.put(cluster.get(ns, name));
    }
    return control;
  }

  /** The status patch JOSDK makes (a JSON patch against what is stored, not server-side apply). */
  private void writeStatus(FlowsEncryptionKey patched) {
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName(patched.getMetadata().getName())
        .editStatus(
            stored -> {
              stored.setStatus(patched.getStatus());
              return stored;
            });
  }

  private void requestReconcile(String name, String value) {
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            r -> {
              Map<String, String> annotations = new HashMap<>();
              if (r.getMetadata().getAnnotations() != null) {
                annotations.putAll(r.getMetadata().getAnnotations());
              }
              annotations.put(Annotations.RECONCILE_REQUESTED_AT, value);
              r.getMetadata().setAnnotations(annotations);
              return r;
            });
  }

  private FlowsEncryptionKey resource(String name, FlowsEncryptionKeySpec spec) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(ns);
    r.setSpec(spec);
    return r;
  }

  private static Duration delay(UpdateControl<FlowsEncryptionKey> control) {
    return Duration.ofMillis(control.getScheduleDelay().orElseThrow());
  }

  private Condition condition(String name, String type) {
    return cluster.get(ns, name).getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  /** {@code reason} null: any reason. */
  private void assertCondition(String name, String type, String status, String reason) {
    Condition c = condition(name, type);
    assertThat(c.getStatus())
        .as(type + " " + c.getReason() + ": " + c.getMessage())
        .isEqualTo(status);
    if (reason != null) {
      assertThat(c.getReason()).as(type + ": " + c.getMessage()).isEqualTo(reason);
    }
  }
}
