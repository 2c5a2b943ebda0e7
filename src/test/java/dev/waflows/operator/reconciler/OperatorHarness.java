package dev.waflows.operator.reconciler;

import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.GraphApiSpec;
import dev.waflows.operator.api.KeySecretReference;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphClient;
import dev.waflows.operator.graph.GraphClientSettings;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.OutboundProxy;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.ops.OperatorApp;
import dev.waflows.operator.reconciler.controller.ReconcilerContext;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real operator (OperatorApp, GraphClient, reconciler) against a Kubernetes API (Fabric8's mock
 * server in CRUD mode, or any client) and the Graph sandbox, with a clock running {@link #SPEED}
 * times faster so that verify intervals pass in a second.
 */
public final class OperatorHarness implements AutoCloseable {

  public static final long SPEED = 60;

  /** How long a probe of a hanging endpoint waits, in real time (Meta's 10 s would slow tests). */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  public static final String TOKEN = "EAAGtestTOKEN" + Long.toHexString(System.nanoTime()) + "ZZ";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public final KubernetesClient client;
  public final GraphSandbox graph;
  public final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final boolean ownsGraph;
  private final GraphClient graphClient;
  private final OperatorApp app;

  public OperatorHarness(KubernetesClient client) throws Exception {
    this(client, client, null, Optional.empty(), true);
  }

  /**
   * @param client what the test uses to act and to look
   * @param operatorClient the operator's own client; a distinct one (another user agent) lets a
   *     test tell the operator's requests apart
   * @param sharedGraph a sandbox that another harness started, or null for one of its own
   * @param leaderElection empty: no leader election
   * @param start whether to {@link #start()} the operator now
   */
  public OperatorHarness(
      KubernetesClient client,
      KubernetesClient operatorClient,
      GraphSandbox sharedGraph,
      Optional<OperatorApp.LeaderElection> leaderElection,
      boolean start)
      throws Exception {
    this(
        client,
        operatorClient,
        sharedGraph,
        leaderElection,
        start,
        EndpointUrls.namespaceServicesOnly());
  }

  /**
   * @param endpointUrls the endpoint URLs resources may have probed (a local test endpoint is no
   *     Service of their namespace); probes time out after {@link #PROBE_TIMEOUT}
   */
  public OperatorHarness(
      KubernetesClient client,
      KubernetesClient operatorClient,
      GraphSandbox sharedGraph,
      Optional<OperatorApp.LeaderElection> leaderElection,
      boolean start,
      EndpointUrls endpointUrls)
      throws Exception {
    this.client = client;
    installCrd(client);
    this.ownsGraph = sharedGraph == null;
    this.graph = ownsGraph ? GraphSandbox.start().acceptTokens(TOKEN) : sharedGraph;
    GraphClientSettings d = GraphClientSettings.defaults();
    // Quick retries so that transient failures in tests cost milliseconds.
    this.graphClient =
        new GraphClient(
            new GraphClientSettings(
                d.connectTimeout(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                2,
                Duration.ofSeconds(2),
                Duration.ofMillis(20),
                200,
                8,
                AllowedBaseUrls.parse("", graph.baseUrl()),
                OutboundProxy.NONE),
            registry);
    ReconcilerContext context =
        new ReconcilerContext(
            operatorClient,
            Set.of(),
            graphClient,
            new RsaKeyGenerator(),
            new FlowsMetrics(registry),
            GraphEndpoint.of(graph.baseUrl(), "v21.0", null),
            new AcceleratedTime(SPEED),
            Optional.empty(),
            AllowedBaseUrls.parse("", graph.baseUrl()),
            endpointUrls,
            new EndpointProber(PROBE_TIMEOUT));
    this.app = new OperatorApp(context, registry, 10, leaderElection);
    if (start) {
      start();
    }
  }

  /** Starts the operator and waits until it is ready. */
  public void start() {
    app.start();
    await().atMost(Duration.ofSeconds(30)).until(app::isReady);
  }

  public static void installCrd(KubernetesClient client) throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("crds/flowsencryptionkeys.waflows.dev-v1.yml")),
            CustomResourceDefinition.class);
    // Plain create: the mock server answers server-side apply with 415.
    if (client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .get()
        == null) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  public OperatorApp app() {
    return app;
  }

  /** A fresh namespace, with a valid token Secret, for one test. */
  public String namespace() {
    String ns = "t" + COUNTER.incrementAndGet();
    createNamespace(client, ns);
    return ns;
  }

  /** Creates namespace {@code ns} with a valid token Secret, the one {@link #spec} names. */
  public static void createNamespace(KubernetesClient client, String ns) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    putSecret(client, ns, "whatsapp-system-user", Map.of("token", TOKEN + "\n"));
  }

  /** A phone number ID no other test uses. */
  public static String phoneNumber() {
    return "1065403" + String.format("%08d", COUNTER.incrementAndGet());
  }

  public Secret putSecret(String ns, String name, Map<String, String> data) {
    return putSecret(client, ns, name, data);
  }

  private static Secret putSecret(
      KubernetesClient client, String ns, String name, Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
                .withData(encoded)
                .build())
        .createOr(existing -> existing.update());
  }

  public Optional<Secret> secret(String ns, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get());
  }

  public static String decoded(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  public static FlowsEncryptionKeySpec spec(String keySecret, String... ids) {
    FlowsEncryptionKeySpec spec = new FlowsEncryptionKeySpec();
    spec.setPhoneNumberIds(List.of(ids));
    spec.setKeySecretRef(new KeySecretReference(keySecret));
    spec.setAccessTokenSecretRef(new SecretKeySelector("whatsapp-system-user", null));
    spec.setVerifyInterval("1m");
    return spec;
  }

  public FlowsEncryptionKey create(String ns, String name, FlowsEncryptionKeySpec spec) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    r.setSpec(spec);
    return client.resource(r).create();
  }

  public FlowsEncryptionKey get(String ns, String name) {
    return client.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
  }

  public static GraphApiSpec graphApi(String baseUrl) {
    return new GraphApiSpec(null, baseUrl);
  }

  public Optional<Condition> condition(String ns, String name, String type) {
    FlowsEncryptionKey r = get(ns, name);
    if (r == null || r.getStatus() == null) {
      return Optional.empty();
    }
    return r.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public FlowsEncryptionKey awaitCondition(
      String ns, String name, String type, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                condition(ns, name, type)
                    .filter(
                        c ->
                            status.equals(c.getStatus())
                                && (reason == null || reason.equals(c.getReason())))
                    .isPresent());
    return get(ns, name);
  }

  /** Sets an annotation on the resource, as {@code kubectl annotate} does. */
  public void annotate(String ns, String name, String key, String value) {
    patchAnnotation(ns, name, key, value);
  }

  /** Removes waflows.dev/paused, as a person resuming the resource does. */
  public void resume(String ns, String name) {
    patchAnnotation(ns, name, Annotations.PAUSED, null);
  }

  /**
   * Asks for a pass (waflows.dev/reconcile-requested-at) and waits for its echo in the status.
   * Whatever earlier passes did has happened by then, so a test can check that something did not
   * happen without sleeping. Not for paused resources or an invalid spec, which echo nothing.
   */
  public void awaitAnotherPass(String ns, String name) {
    String request = "pass-" + COUNTER.incrementAndGet();
    annotate(ns, name, Annotations.RECONCILE_REQUESTED_AT, request);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                Optional.ofNullable(get(ns, name).getStatus())
                    .filter(s -> request.equals(s.getLastHandledReconcileAt()))
                    .isPresent());
  }

  /**
   * A merge patch without a resourceVersion, as kubectl sends: it cannot lose a race with the
   * operator's status writes (an edit can, with 409 Conflict). A null value removes the key.
   */
  private void patchAnnotation(String ns, String name, String key, String value) {
    Map<String, Object> annotations = new HashMap<>();
    annotations.put(key, value);
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations))));
  }

  public FlowsEncryptionKey awaitReady(String ns, String name) {
    return awaitCondition(ns, name, Conditions.READY, Conditions.TRUE, "Ready");
  }

  public List<Event> events(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  @Override
  public void close() {
    app.close();
    graphClient.close();
    if (ownsGraph) {
      graph.close();
    }
  }
}
