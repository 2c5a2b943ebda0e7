package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.EndpointSpec;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.endpoint.TestFlowsEndpoint;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * spec.endpoint on Fabric8's mock API server and the Graph sandbox, with a local Flows endpoint
 * that holds a chosen private key (the operator's clock runs at 60x: 2m is 2 s). The rule under
 * test: a key is registered only after the endpoint opened a probe sealed to it.
 */
@EnableKubernetesMockClient(crud = true)
class EndpointOperatorTest {

  /** Two seconds of real time: two minutes of the operator's, longer than registerAfter's 2m. */
  private static final Duration A_WHILE = Duration.ofSeconds(2);

  static KubernetesClient client;
  private static GraphSandbox graph;
  private static TestFlowsEndpoint endpoint;
  private static TestFlowsEndpoint elsewhere;
  private static OperatorHarness h;
  private static KeyPair stale;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    stale = g.generateKeyPair();
    graph = GraphSandbox.start().acceptTokens(OperatorHarness.TOKEN);
    endpoint = new TestFlowsEndpoint(stale.getPrivate());
    elsewhere = new TestFlowsEndpoint(stale.getPrivate());
    // Only the first endpoint's address is allowed (besides namespace Services).
    String allowed = endpoint.url().substring(0, endpoint.url().indexOf("/flows"));
    h =
        new OperatorHarness(
            client, client, graph, Optional.empty(), true, EndpointUrls.parse(allowed));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
    graph.close();
    endpoint.close();
    elsewhere.close();
  }

  @BeforeEach
  void serve() {
    endpoint.behave(TestFlowsEndpoint.Behaviour.SERVE);
    endpoint.holdKey(stale.getPrivate());
    endpoint.requireAppSecret(null);
  }

  private static FlowsEncryptionKeySpec withEndpoint(String url, String... ids) {
    FlowsEncryptionKeySpec spec = spec("key", ids);
    spec.setEndpoint(new EndpointSpec(url, null));
    return spec;
  }

  @Test
  void aFirstKeyWaitsForTheEndpointAndIsRegisteredWithinSecondsOfItsLoadingTheKey()
      throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "shop", withEndpoint(endpoint.url(), id));

    // The endpoint holds an old key: nothing is registered, however long it takes.
    h.awaitCondition(ns, "shop", Conditions.RECONCILING, "True", Reasons.WAITING_FOR_ENDPOINT);
    Thread.sleep(A_WHILE.toMillis());
    assertThat(graph.postCount(id)).isZero();
    assertThat(h.condition(ns, "shop", Conditions.ENDPOINT_READY))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("EndpointCannotDecrypt"));
    assertThat(h.condition(ns, "shop", Conditions.STALLED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(h.condition(ns, "shop", Conditions.READY))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));

    // The endpoint loads the new key: registered within seconds.
    long loaded = System.nanoTime();
    endpoint.holdKey(privateKeyOf(ns, "key"));
    await().atMost(Duration.ofSeconds(10)).until(() -> graph.postCount(id) == 1);
    Duration took = Duration.ofNanos(System.nanoTime() - loaded);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    h.awaitReady(ns, "shop");
    assertThat(h.condition(ns, "shop", Conditions.ENDPOINT_READY))
        .hasValueSatisfying(
            c -> assertThat(c.getStatus() + " " + c.getReason()).isEqualTo("True Opened"));
    assertThat(graph.postCount(id)).isEqualTo(1);
    System.out.printf("registered %d ms after the endpoint loaded the key%n", took.toMillis());
  }

  @Test
  void aKeyThatWouldReplaceOneGraphHoldsWaitsForTheEndpointToo() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    graph.setStoredKey(id, pem(stale), "VALID");
    h.create(ns, "takeover", withEndpoint(endpoint.url(), id));

    h.awaitCondition(ns, "takeover", Conditions.RECONCILING, "True", Reasons.WAITING_FOR_ENDPOINT);
    Thread.sleep(A_WHILE.toMillis());
    assertThat(graph.postCount(id)).isZero();
    assertThat(graph.storedKey(id).orElseThrow().pem()).contains(pemBody(stale));

    endpoint.holdKey(privateKeyOf(ns, "key"));
    h.awaitReady(ns, "takeover");
    assertThat(graph.postCount(id)).isEqualTo(1);
  }

  @Test
  void aRotatedKeyIsRegisteredWhenTheEndpointOpensItNotOnTheTimer() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    FlowsEncryptionKeySpec spec = withEndpoint(endpoint.url(), id);
    // registerAfter 1h: 60 s at this clock, far longer than the test waits.
    spec.setRotation(new RotationSpec(null, "1h", "1h"));
    h.create(ns, "rotating", spec);
    h.awaitCondition(ns, "rotating", Conditions.RECONCILING, "True", null);
    endpoint.holdKey(privateKeyOf(ns, "key"));
    h.awaitReady(ns, "rotating");
    String first = h.get(ns, "rotating").getStatus().getKeyFingerprint();

    annotate(ns, "rotating", Annotations.ROTATE_REQUESTED_AT, "r1");
    h.awaitCondition(ns, "rotating", Conditions.RECONCILING, "True", Reasons.WAITING_FOR_ENDPOINT);
    Thread.sleep(A_WHILE.toMillis());
    // Nothing registered; Ready stays True (Graph holds the previous key, which still serves).
    assertThat(graph.postCount(id)).isEqualTo(1);
    assertThat(h.condition(ns, "rotating", Conditions.READY))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

    long loaded = System.nanoTime();
    endpoint.holdKey(privateKeyOf(ns, "key"));
    await().atMost(Duration.ofSeconds(10)).until(() -> graph.postCount(id) == 2);
    assertThat(Duration.ofNanos(System.nanoTime() - loaded)).isLessThan(Duration.ofSeconds(5));
    FlowsEncryptionKey done = h.awaitReady(ns, "rotating");
    assertThat(done.getStatus().getKeyFingerprint()).isNotEqualTo(first);
  }

  /**
   * What the probe costs once Ready: one probe beside each Graph check (verifyInterval 1m is a
   * second at this clock), the Graph reads no more than without an endpoint, and no POST.
   */
  @Test
  void onceReadyEachCheckSendsOneProbeBesideItsGraphReadAndPostsNothing() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    String path = "/flows/steady";
    h.create(ns, "steady", withEndpoint(endpoint.url(path), id));
    h.awaitCondition(ns, "steady", Conditions.RECONCILING, "True", Reasons.WAITING_FOR_ENDPOINT);
    endpoint.holdKey(privateKeyOf(ns, "key"));
    h.awaitReady(ns, "steady");
    Thread.sleep(A_WHILE.toMillis()); // the passes that follow the registration are over

    int probes = endpoint.requests(path);
    int reads = graph.getCount(id);
    int posts = graph.postCount(id);
    Thread.sleep(6_000); // about six checks
    int probed = endpoint.requests(path) - probes;
    int read = graph.getCount(id) - reads;

    // Not probed every second while the other tests run.
    client.resources(FlowsEncryptionKey.class).inNamespace(ns).withName("steady").delete();

    System.out.printf("in 6 s: %d Graph reads, %d probes%n", read, probed);
    assertThat(graph.postCount(id)).isEqualTo(posts);
    assertThat(read).as("Graph reads: one per check").isBetween(2, 9);
    assertThat(probed).as("probes: one beside each Graph read").isBetween(read - 1, read + 1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "WRONG_KEY,        EndpointCannotDecrypt,     True",
    "WRONG_SECRET,     EndpointRejectedSignature, True",
    "UNSEALED_ANSWER,  EndpointBadResponse,       True",
    "INACTIVE_ANSWER,  EndpointBadResponse,       True",
    "REDIRECT,         EndpointBadResponse,       True",
    "HANG,             EndpointUnreachable,       False",
  })
  void anEndpointThatStopsOpeningTheKeyIsReported(String failure, String reason, String stalled)
      throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "shop", withEndpoint(endpoint.url(), id));
    h.awaitCondition(ns, "shop", Conditions.RECONCILING, "True", null);
    endpoint.holdKey(privateKeyOf(ns, "key"));
    h.awaitReady(ns, "shop");
    int elsewhereBefore = elsewhere.requests();

    switch (failure) {
      case "WRONG_KEY" -> endpoint.holdKey(stale.getPrivate());
      case "WRONG_SECRET" -> endpoint.requireAppSecret("s3cr3t".getBytes(StandardCharsets.UTF_8));
      case "REDIRECT" -> {
        endpoint.redirectTo(elsewhere.url());
        endpoint.behave(TestFlowsEndpoint.Behaviour.REDIRECT);
      }
      default -> endpoint.behave(TestFlowsEndpoint.Behaviour.valueOf(failure));
    }
    annotate(ns, "shop", Annotations.RECONCILE_REQUESTED_AT, "check-" + failure);

    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", Conditions.ENDPOINT_READY, "False", reason);
    Condition ready = find(r, Conditions.READY);
    assertThat(ready.getStatus() + " " + ready.getReason()).isEqualTo("False " + reason);
    assertThat(find(r, Conditions.STALLED).getStatus()).isEqualTo(stalled);
    assertThat(find(r, Conditions.RECONCILING).getStatus())
        .isEqualTo(stalled.equals("True") ? "False" : "True");
    assertThat(elsewhere.requests()).as("no redirect followed").isEqualTo(elsewhereBefore);
    assertThat(find(r, Conditions.ENDPOINT_READY).getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void aUrlOutsideTheAllowedSetIsInvalidSpecAndNothingIsSent() {
    String ns = h.namespace();
    String id = phoneNumber();
    int before = elsewhere.requests();
    h.create(ns, "elsewhere", withEndpoint(elsewhere.url(), id));

    FlowsEncryptionKey r =
        h.awaitCondition(ns, "elsewhere", Conditions.READY, "False", Reasons.INVALID_SPEC);
    assertThat(find(r, Conditions.READY).getMessage())
        .contains("spec.endpoint.url")
        .contains("no request was sent");
    assertThat(find(r, Conditions.STALLED).getStatus()).isEqualTo("True");
    assertThat(elsewhere.requests()).isEqualTo(before);
    assertThat(graph.getCount(id)).isZero();
    assertThat(h.secret(ns, "key")).as("no key generated either").isEmpty();
  }

  @Test
  void anAppSecretSecretThatIsNotOpaqueIsInvalidSpecAndNothingIsSent() {
    String ns = h.namespace();
    String id = phoneNumber();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("whatsapp-app")
                .endMetadata()
                .withType("kubernetes.io/basic-auth")
                .withData(Map.of("app-secret", base64("s3cr3t")))
                .build())
        .create();
    // Its own path: other tests' resources are probed at the same endpoint meanwhile.
    String path = "/flows/typed";
    FlowsEncryptionKeySpec spec = withEndpoint(endpoint.url(path), id);
    spec.getEndpoint().setAppSecretRef(new SecretKeySelector("whatsapp-app", null));
    h.create(ns, "typed", spec);

    FlowsEncryptionKey r =
        h.awaitCondition(ns, "typed", Conditions.READY, "False", Reasons.INVALID_SPEC);
    assertThat(find(r, Conditions.READY).getMessage())
        .contains("whatsapp-app")
        .contains("Opaque")
        .doesNotContain("s3cr3t");
    assertThat(endpoint.requests(path)).isZero();
    assertThat(graph.getCount(id)).isZero();
  }

  @Test
  void probesAreSignedWithTheAppSecret() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.putSecret(ns, "whatsapp-app", Map.of("app-secret", "s3cr3t\n"));
    endpoint.requireAppSecret("s3cr3t".getBytes(StandardCharsets.UTF_8));
    FlowsEncryptionKeySpec spec = withEndpoint(endpoint.url(), id);
    spec.getEndpoint().setAppSecretRef(new SecretKeySelector("whatsapp-app", null));
    h.create(ns, "signed", spec);
    h.awaitCondition(ns, "signed", Conditions.RECONCILING, "True", Reasons.WAITING_FOR_ENDPOINT);
    endpoint.holdKey(privateKeyOf(ns, "key"));
    h.awaitReady(ns, "signed");
  }

  /** A number someone else keeps taking: registered again once, then left alone. */
  @Test
  void aNumberReplacedTwiceWithinTheHourIsContestedUntilAPersonAsks() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "shared", spec("key", id));
    h.awaitReady(ns, "shared");
    assertThat(graph.postCount(id)).isEqualTo(1);

    // Someone else registers their key: it is registered again once.
    graph.setStoredKey(id, pem(stale), "VALID");
    annotate(ns, "shared", Annotations.RECONCILE_REQUESTED_AT, "look-1");
    await().atMost(Duration.ofSeconds(10)).until(() -> graph.postCount(id) == 2);
    // The POST comes before the status write that records it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.get(ns, "shared").getStatus().getPhoneNumbers().get(0).getLastReplacedTime()
                    != null);
    h.awaitReady(ns, "shared");

    // And again, within the hour (a minute of real time here): contested, not registered.
    graph.setStoredKey(id, pem(stale), "VALID");
    FlowsEncryptionKey r =
        h.awaitCondition(ns, "shared", Conditions.STALLED, "True", Reasons.KEY_CONTESTED);
    assertThat(find(r, Conditions.STALLED).getMessage()).doesNotContain(ns + "/");
    // verifyInterval 1m is a second here: several checks pass, none POSTs.
    Thread.sleep(3000);
    assertThat(graph.postCount(id)).isEqualTo(2);
    assertThat(h.get(ns, "shared").getStatus().getPhoneNumbers().get(0).getReason())
        .isEqualTo(Reasons.KEY_CONTESTED);

    // A person asks: registered once more.
    annotate(ns, "shared", Annotations.RECONCILE_REQUESTED_AT, "take-it-back");
    await().atMost(Duration.ofSeconds(10)).until(() -> graph.postCount(id) == 3);
    h.awaitReady(ns, "shared");
  }

  private static Condition find(FlowsEncryptionKey r, String type) {
    return r.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static PrivateKey privateKeyOf(String ns, String secret) throws Exception {
    Secret s = h.secret(ns, secret).orElseThrow();
    Map<String, byte[]> data = new TreeMap<>();
    s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    return KeySecretReader.read(data, null).privateKey().orElseThrow();
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n" + pemBody(pair) + "\n-----END PUBLIC KEY-----\n";
  }

  private static String pemBody(KeyPair pair) {
    return Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(pair.getPublic().getEncoded());
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void annotate(String ns, String name, String key, String value) {
    h.annotate(ns, name, key, value);
  }
}
