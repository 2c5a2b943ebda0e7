package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.graph.GraphApiException;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.StoredKey;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.KeySecretEntries;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.reconciler.FakeEncryptionApi;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.operator.reconciler.PrimaryCacheStub;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two rotations back to back, the second asked for (or due) while the first one's previous key is
 * still kept, with the operator crashing between each Secret write and the status patch that should
 * follow it. The fake Graph checks on every call, and the test after every pass, that Graph never
 * holds a key the key Secret lacks: an endpoint reading the Secret could not open a request sealed
 * to it.
 */
@EnableKubernetesMockClient(crud = true)
class BackToBackRotationTest {

  static KubernetesClient client;

  private final FixedTime time = new FixedTime();
  private final PrimaryCacheStub primaries = new PrimaryCacheStub();
  private MockCluster cluster;
  private String ns;
  private KeyHoldingGraph graph;
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
    graph = new KeyHoldingGraph();
    reconciler = freshReconciler();
  }

  @Test
  void aRequestWhileThePreviousKeyIsKeptNeverDropsTheKeyGraphHolds() {
    List<String> numbers = List.of(phoneNumber(), phoneNumber());
    cluster.create(ns, "shop", rotating(null, "2m", "10m", numbers));
    pass();
    requestRotation("r1");
    pass();
    time.advance(Duration.ofMinutes(2));
    pass();
    assertThat(cluster.get(ns, "shop").getStatus().getLastHandledRotateAt()).isEqualTo("r1");
    String first = current();

    // A second request while the first rotation's old key is still kept: it waits for the drop.
    requestRotation("r2");
    time.advance(Duration.ofMinutes(1));
    pass();
    assertThat(current()).isEqualTo(first);

    // The old key expires: the pass drops it and starts r2 in the same pass, then crashes
    // before its status patch.
    time.advance(Duration.ofMinutes(10));
    passThenCrash();
    assertThat(current()).as("r2 started").isNotEqualTo(first);
    assertThat(previous()).contains(first);

    // The restarted operator sees its Secret ahead of its status and does not put the first check
    // off (up to verifyInterval, 1h): the new key is registered once registerAfter has passed.
    runFor(Duration.ofMinutes(3));
    for (String id : numbers) {
      assertThat(graph.holds(id, current())).as(id + " holds the second key").isTrue();
    }
    assertThat(cluster.get(ns, "shop").getStatus().getLastHandledRotateAt()).isEqualTo("r2");

    runFor(Duration.ofMinutes(15));
    assertThat(previous()).as("the first key dropped after keepPreviousFor").isEmpty();
    assertThat(graph.violations).isEmpty();
  }

  @Test
  void aScheduleShorterThanTheWaitAndTheKeepRotatesTwiceWithoutDroppingAHeldKey() {
    List<String> numbers = List.of(phoneNumber(), phoneNumber());
    // every (1h) <= registerAfter (10m) + keepPreviousFor (55m): the second rotation falls due
    // while the first one's old key is kept.
    cluster.create(ns, "shop", rotating("1h", "10m", "55m", numbers));
    pass();

    Set<String> keys = new LinkedHashSet<>(List.of(current()));
    for (int minute = 0; minute < 200; minute++) {
      time.advance(Duration.ofMinutes(1));
      String before = secretData();
      // A crash after every Secret write, before the status patch.
      if (passMaybeCrashing()) {
        assertThat(secretData()).isNotEqualTo(before);
      }
      keys.add(current());
    }

    assertThat(keys).as("three keys, two rotations at least").hasSizeGreaterThanOrEqualTo(3);
    assertThat(graph.violations).isEmpty();
    for (String id : numbers) {
      assertThat(graph.holds(id, current()) || graph.holds(id, previous().orElse("")))
          .as(id + " holds a key the Secret has")
          .isTrue();
    }
  }

  // ---- passes ----

  /** One pass as JOSDK runs it, the status patch applied; then the invariant is checked. */
  private void pass() {
    writeStatus(reconcileOnce());
    graph.check("after a pass");
  }

  /** The status patch JOSDK makes, if the pass asked for one. */
  private void writeStatus(UpdateControl<FlowsEncryptionKey> control) {
    DirectReconciler.writeStatus(client, control);
  }

  /** A pass whose status patch is lost, then a restarted operator (memory gone). */
  private void passThenCrash() {
    reconcileOnce();
    graph.check("after a crash");
    reconciler = freshReconciler();
  }

  /** A pass that crashes before its status patch when it wrote the key Secret. */
  private boolean passMaybeCrashing() {
    String before = secretVersion();
    UpdateControl<FlowsEncryptionKey> control = reconcileOnce();
    if (!secretVersion().equals(before)) {
      graph.check("after a crash");
      reconciler = freshReconciler();
      return true;
    }
    writeStatus(control);
    graph.check("after a pass");
    return false;
  }

  private UpdateControl<FlowsEncryptionKey> reconcileOnce() {
    var status = cluster.get(ns, "shop").getStatus();
    graph.history.add(
        time.now()
            + " pass: Secret "
            + entry(cluster.getSecret(ns, "key"), KeySecretEntries.PUBLIC_PEM)
                .map(BackToBackRotationTest::shortKey)
                .orElse("-")
            + " previous "
            + previous().map(BackToBackRotationTest::shortKey).orElse("-")
            + (status == null
                ? ""
                : " status previous "
                    + status.getPreviousKeyFingerprint()
                    + " until "
                    + status.getPreviousKeyExpiresTime()));
    primaries.put(cluster.get(ns, "shop"));
    return reconciler.reconcile(cluster.get(ns, "shop"), DirectReconciler.context(primaries));
  }

  private void runFor(Duration span) {
    for (long m = 0; m < span.toMinutes(); m++) {
      time.advance(Duration.ofMinutes(1));
      pass();
    }
  }

  private FlowsEncryptionKeyReconciler freshReconciler() {
    return DirectReconciler.fresh(client, graph, time, primaries);
  }

  private static FlowsEncryptionKeySpec rotating(
      String every, String registerAfter, String keep, List<String> ids) {
    FlowsEncryptionKeySpec spec = MockCluster.spec("key", ids.toArray(String[]::new));
    spec.setRotation(new RotationSpec(every, registerAfter, keep));
    return spec;
  }

  private void requestRotation(String value) {
    DirectReconciler.requestRotation(client, ns, "shop", value);
  }

  // ---- the key Secret ----

  private String current() {
    return entry(cluster.getSecret(ns, "key"), KeySecretEntries.PUBLIC_PEM).orElseThrow();
  }

  private Optional<String> previous() {
    return entry(cluster.getSecret(ns, "key"), KeySecretEntries.PREVIOUS_PUBLIC);
  }

  private String secretVersion() {
    return cluster.getSecret(ns, "key").getMetadata().getResourceVersion();
  }

  private String secretData() {
    return String.valueOf(cluster.getSecret(ns, "key").getData());
  }

  /** A few characters of a public key PEM, enough to tell keys apart in a message. */
  private static String shortKey(String pem) {
    return pem.length() < 80 ? pem : pem.substring(pem.length() - 60, pem.length() - 48);
  }

  private static Optional<String> entry(Secret secret, String name) {
    return Optional.ofNullable(secret == null ? null : secret.getData().get(name))
        .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
  }

  /**
   * A fake Graph that, on every GET and POST, checks that each key it holds is in the key Secret
   * (current or previous), and records every moment it is not.
   */
  private final class KeyHoldingGraph implements WhatsAppEncryptionApi {
    private final FakeEncryptionApi graph = new FakeEncryptionApi();
    final List<String> violations = new CopyOnWriteArrayList<>();

    /** Each pass's Secret and status, each POST: printed with a violation, to tell why. */
    final List<String> history = new CopyOnWriteArrayList<>();

    @Override
    public StoredKey get(GraphEndpoint endpoint, String phoneNumberId, AccessToken token)
        throws GraphApiException {
      check("at a GET");
      return graph.get(endpoint, phoneNumberId, token);
    }

    @Override
    public void register(
        GraphEndpoint endpoint, String phoneNumberId, AccessToken token, String publicKeyPem)
        throws GraphApiException {
      check("before a POST");
      history.add(time.now() + " POST " + phoneNumberId + " " + shortKey(publicKeyPem));
      graph.register(endpoint, phoneNumberId, token, publicKeyPem);
      check("after a POST");
    }

    boolean holds(String id, String pem) {
      return holds(graph.stored.get(id), pem);
    }

    /**
     * Compares one stored value, read once: a check running beside another number's POST must not
     * read the value again between the keys it compares (it would see neither).
     */
    private static boolean holds(StoredKey stored, String pem) {
      return stored != null
          && stored.publicKeyPem().isPresent()
          && PublicKeys.parsePem(pem)
              .map(k -> PublicKeys.sameKey(k, stored.publicKeyPem().get()))
              .orElse(false);
    }

    void check(String when) {
      Secret secret = cluster.getSecret(ns, "key");
      List<String> inSecret =
          Stream.of(KeySecretEntries.PUBLIC_PEM, KeySecretEntries.PREVIOUS_PUBLIC)
              .map(e -> entry(secret, e))
              .flatMap(Optional::stream)
              .toList();
      graph.stored.forEach(
          (id, stored) -> {
            if (inSecret.stream().noneMatch(pem -> holds(stored, pem))) {
              violations.add(
                  when
                      + " at "
                      + time.now()
                      + ": Graph holds for "
                      + id
                      + " a key not in the Secret; what happened: "
                      + history);
            }
          });
    }
  }
}
