package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.e2e.RotationIT.Endpoint;
import dev.waflows.operator.e2e.RotationIT.Snapshot;
import dev.waflows.operator.keys.KeySecretEntries;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.proxy.FakeApp;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoint gate on the real API server with the packaged operator: with {@code spec.endpoint}
 * pointing at the Flows endpoint proxy (in this JVM, answering Meta's ping itself), a key reaches
 * Graph only after the proxy's key directory holds it, whether that directory lags a rotation by
 * far more than {@code registerAfter} or holds the foreign key of a number being taken over. The
 * test plays the WhatsApp client ({@link WhatsAppClient}: sealed to whatever key Graph holds, sent
 * at once and again {@link RotationIT#IN_FLIGHT} later); not one request may fail.
 */
class EndpointGateIT {

  /** How long after a Secret write the proxy's directory shows it: far beyond registerAfter. */
  private static final Duration LATE = Duration.ofSeconds(20);

  private static final String RUN = String.valueOf(System.currentTimeMillis() % 100_000);
  private static final String NS = "e2e-gate-" + RUN;
  private static final String ROTATING_NUMBER = "8831" + RUN;
  private static final String TAKEOVER_NUMBER = "8832" + RUN;
  private static final String APP_SECRET_NAME = "flows-app-secret";

  private static Path volumes;
  private static FakeApp app;
  private static GraphSandbox graph;
  private static KubernetesClient admin;
  private static Endpoint rotatingEndpoint;
  private static Endpoint takeoverEndpoint;
  private static OperatorProcess operator;

  @BeforeAll
  static void start() throws Exception {
    ControlPlane.installDeploy();
    apply(Manifests.namespace(NS));
    apply(Manifests.tokenSecret(NS, "EAAGgateTOKEN"));
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: %s
          namespace: %s
        type: Opaque
        stringData:
          app-secret: %s
        """
            .formatted(
                APP_SECRET_NAME, NS, new String(RotationIT.APP_SECRET, StandardCharsets.UTF_8)));
    volumes = Files.createTempDirectory("endpoint-gate-it-");
    Path appSecret = Files.write(volumes.resolve("app-secret"), RotationIT.APP_SECRET);
    app = new FakeApp();
    graph = GraphSandbox.start();
    admin = ControlPlane.adminClient();
    // The proxies start with an empty directory: the operator must be told their URLs.
    Snapshot empty = new Snapshot(0, "empty", Map.of());
    rotatingEndpoint =
        Endpoint.start(volumes.resolve("rotating"), appSecret, app, empty, "--answer-ping=true");
    takeoverEndpoint =
        Endpoint.start(volumes.resolve("takeover"), appSecret, app, empty, "--answer-ping=true");
    operator =
        new OperatorProcess(
                graph.baseUrl(),
                false,
                "e2e-endpoint-gate-operator",
                Map.of(
                    "ENDPOINT_ALLOWED_URLS",
                    allowed(rotatingEndpoint) + "," + allowed(takeoverEndpoint)))
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (operator != null) {
        operator.close();
        assertThat(operator.log())
            .doesNotContain("EAAGgateTOKEN")
            .doesNotContain(new String(RotationIT.APP_SECRET, StandardCharsets.UTF_8));
      }
    } finally {
      for (AutoCloseable c : new AutoCloseable[] {rotatingEndpoint, takeoverEndpoint, graph, app}) {
        if (c != null) {
          c.close();
        }
      }
      if (admin != null) {
        admin.close();
      }
      ControlPlane.kubectl("delete", "namespace", NS, "--wait=false");
      try (Stream<Path> files = Files.walk(volumes)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  void aRotatedKeyIsRegisteredOnlyOnceTheLateEndpointHoldsIt() throws Exception {
    String name = "rotating";
    List<Snapshot> history = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    WhatsAppClient client =
        new WhatsAppClient(
            graph, Map.of(name, rotatingEndpoint), Map.of(name, List.of(ROTATING_NUMBER)));
    AtomicLong swappedAt = new AtomicLong();
    AtomicLong postedAt = new AtomicLong();
    AtomicBoolean waitingSeen = new AtomicBoolean();
    List<String> postedBeforeSwap = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    try {
      apply(resource(name, ROTATING_NUMBER, rotatingEndpoint));
      // Like the kubelet: the first version of the Secret is mounted at once, every later one LATE.
      threads.add(
          RotationIT.thread(
              () -> {
                if (admin.secrets().inNamespace(NS).withName(name + "-key").get() == null) {
                  return;
                }
                Snapshot now = RotationIT.snapshot(admin, NS, name);
                if (history.isEmpty()
                    || !now.resourceVersion()
                        .equals(history.get(history.size() - 1).resourceVersion())) {
                  history.add(now);
                }
                long view = history.size() == 1 ? now.atMillis() : now.atMillis() - LATE.toMillis();
                RotationIT.viewAt(history, view)
                    .ifPresent(
                        s -> {
                          List<String> before = graph.postedKeys(ROTATING_NUMBER);
                          boolean rotated =
                              history.size() > 1 && s.data().containsKey("previous-private.pem");
                          if (rotatingEndpoint.mount(s) && rotated && swappedAt.get() == 0) {
                            swappedAt.set(System.currentTimeMillis());
                            postedBeforeSwap.addAll(before);
                          }
                        });
              },
              running,
              100));
      await("first key Ready through the endpoint")
          .atMost(Duration.ofSeconds(45))
          .until(() -> RotationIT.ready(admin, NS, name));
      String firstKey = RotationIT.publicPem(admin, NS, name);
      Map<String, String> firstKeys = Map.of(name, firstKey);
      threads.addAll(client.start(running));
      threads.add(
          RotationIT.thread(
              () -> {
                if (reconcilingReason(name).equals(Reasons.WAITING_FOR_ENDPOINT)) {
                  waitingSeen.set(true);
                }
                if (postedAt.get() == 0 && graph.postedKeys(ROTATING_NUMBER).size() > 1) {
                  postedAt.set(System.currentTimeMillis());
                }
              },
              running,
              100));
      Thread.sleep(2_000);

      long rotateAt = System.currentTimeMillis();
      ControlPlane.kubectl(
          "annotate", "-n", NS, "fek/" + name, "waflows.dev/rotate-requested-at=gate-1");
      await("rotated, registered and the old key dropped")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> RotationIT.rotatedAndSettled(admin, NS, name, firstKeys));
      Thread.sleep(RotationIT.IN_FLIGHT.toMillis() + 1_000);
      running.set(false);
      for (Thread t : threads) {
        t.join(10_000);
      }

      long secretWrittenAt =
          history.stream()
              .filter(s -> s.data().containsKey("previous-private.pem"))
              .mapToLong(Snapshot::atMillis)
              .min()
              .orElseThrow();
      System.out.printf(
          "rotation: annotated +0 ms, Secret written +%d ms, directory swapped +%d ms,"
              + " new key POSTed (seen) +%d ms; %d requests opened%n",
          secretWrittenAt - rotateAt,
          swappedAt.get() - rotateAt,
          postedAt.get() - rotateAt,
          client.opened.get());
      assertThat(swappedAt.get()).as("the directory was swapped").isPositive();
      assertThat(postedBeforeSwap)
          .as("Graph had only the first key when the directory was swapped")
          .hasSize(1);
      assertThat(postedAt.get()).as("new key POSTed after the swap").isGreaterThan(swappedAt.get());
      assertThat(waitingSeen).as("Reconciling=True WaitingForEndpoint meanwhile").isTrue();
      List<String> posted = graph.postedKeys(ROTATING_NUMBER);
      assertThat(posted).hasSize(2);
      assertThat(
              PublicKeys.sameKey(
                  PublicKeys.parsePem(RotationIT.publicPem(admin, NS, name)).orElseThrow(),
                  graph.storedKey(ROTATING_NUMBER).orElseThrow().pem()))
          .as("Graph holds the rotated key")
          .isTrue();
      assertServedThroughout(client, name, 100);
    } finally {
      running.set(false);
    }
  }

  @Test
  void aTakenOverNumberKeepsItsForeignKeyUntilTheEndpointHoldsTheNewOne() throws Exception {
    String name = "takeover";
    Map<String, String> foreign = KeySecretWriter.write(new RsaKeyGenerator().generate(), null);
    graph.setStoredKey(TAKEOVER_NUMBER, foreign.get(KeySecretEntries.PUBLIC_PEM), "VALID");
    // The "old endpoint" serves the number with the foreign key.
    takeoverEndpoint.mount(
        new Snapshot(
            System.currentTimeMillis(),
            "foreign",
            Map.of(
                KeySecretEntries.PRIVATE_PEM,
                foreign.get(KeySecretEntries.PRIVATE_PEM).getBytes(StandardCharsets.US_ASCII))));
    await("the old endpoint serves the foreign key")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(takeoverEndpoint::keysLoaded);
    AtomicBoolean running = new AtomicBoolean(true);
    WhatsAppClient client =
        new WhatsAppClient(
            graph, Map.of(name, takeoverEndpoint), Map.of(name, List.of(TAKEOVER_NUMBER)));
    List<Thread> threads = client.start(running);
    try {
      Thread.sleep(1_000);
      long appliedAt = System.currentTimeMillis();
      apply(resource(name, TAKEOVER_NUMBER, takeoverEndpoint));
      await("WaitingForEndpoint while the endpoint holds only the foreign key")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> reconcilingReason(name).equals(Reasons.WAITING_FOR_ENDPOINT));
      // A few probes more (2 s, 4 s): still nothing may reach Graph.
      Thread.sleep(6_000);
      assertThat(graph.postedKeys(TAKEOVER_NUMBER)).as("nothing registered yet").isEmpty();
      assertThat(reconcilingReason(name)).isEqualTo(Reasons.WAITING_FOR_ENDPOINT);
      assertThat(RotationIT.ready(admin, NS, name)).as("not Ready while waiting").isFalse();

      Snapshot generated = RotationIT.snapshot(admin, NS, name);
      String newPublic = RotationIT.publicPem(admin, NS, name);
      takeoverEndpoint.mount(
          new Snapshot(
              System.currentTimeMillis(),
              "generated",
              Map.of(
                  KeySecretEntries.PRIVATE_PEM,
                  generated.data().get(KeySecretEntries.PRIVATE_PEM),
                  KeySecretEntries.PREVIOUS_PRIVATE,
                  foreign.get(KeySecretEntries.PRIVATE_PEM).getBytes(StandardCharsets.US_ASCII))));
      long swappedAt = System.currentTimeMillis();
      await("the new key registered within seconds of the swap")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !graph.postedKeys(TAKEOVER_NUMBER).isEmpty());
      long postedAt = System.currentTimeMillis();
      await("Ready").atMost(Duration.ofSeconds(20)).until(() -> RotationIT.ready(admin, NS, name));
      Thread.sleep(RotationIT.IN_FLIGHT.toMillis() + 1_000);
      running.set(false);
      for (Thread t : threads) {
        t.join(10_000);
      }

      System.out.printf(
          "takeover: applied +0 ms, directory swapped +%d ms, new key POSTed (seen) +%d ms;"
              + " %d requests opened%n",
          swappedAt - appliedAt, postedAt - appliedAt, client.opened.get());
      assertThat(graph.postedKeys(TAKEOVER_NUMBER))
          .as("exactly the generated key, once")
          .hasSize(1)
          .allMatch(pem -> PublicKeys.sameKey(PublicKeys.parsePem(newPublic).orElseThrow(), pem));
      assertServedThroughout(client, name, 50);
    } finally {
      running.set(false);
    }
  }

  /**
   * Zero failures, and requests sealed to the key Graph held before the swap were opened with
   * previous-private.pem after it.
   */
  private static void assertServedThroughout(WhatsAppClient client, String name, int atLeast) {
    assertThat(client.failures).as("requests not answered 200 or not readable").isEmpty();
    assertThat(client.opened.get()).as("requests served").isGreaterThan(atLeast);
    assertThat(app.received())
        .as("requests sealed to the key Graph held before, opened with previous-private.pem")
        .anyMatch(r -> "previous".equals(r.flowsKey()) && r.path().equals("/" + name));
  }

  private static String resource(String name, String number, Endpoint endpoint) {
    return Manifests.resource(
        NS,
        name,
        List.of(number),
        """
        verifyInterval: 1m
        endpoint:
          url: %s%s
          appSecretRef:
            name: %s
        rotation:
          every: 1h
          registerAfter: 5s
          keepPreviousFor: 10s"""
            .formatted(allowed(endpoint), name, APP_SECRET_NAME));
  }

  private static String allowed(Endpoint endpoint) {
    return endpoint.url("/").toString();
  }

  private static String reconcilingReason(String name) {
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(NS).withName(name).get();
    if (r == null || r.getStatus() == null) {
      return "";
    }
    return r.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(Conditions.RECONCILING) && c.getStatus().equals("True"))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("");
  }

  private static void apply(String manifest) {
    var r = ControlPlane.kubectlWithInput(manifest, "apply", "-f", "-");
    assertThat(r.exit()).as(r.err()).isZero();
  }
}
