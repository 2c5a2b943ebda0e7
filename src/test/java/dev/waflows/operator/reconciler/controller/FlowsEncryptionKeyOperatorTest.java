package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.decoded;
import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.keys.Fingerprints;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.sandbox.StoredKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end on Fabric8's mock API server (CRUD mode) and the Graph sandbox: what a
 * user sees in the Secret, the status, Events and at Graph.
 */
@EnableKubernetesMockClient(crud = true)
class FlowsEncryptionKeyOperatorTest {

  static KubernetesMockServer server;
  static KubernetesClient client;
  private static OperatorHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new OperatorHarness(client);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void newResourceGetsAGeneratedKeyRegisteredForEveryNumber() {
    String ns = h.namespace();
    String a = phoneNumber();
    String b = phoneNumber();
    h.create(ns, "shop", spec("shop-flows-key", a, b));

    FlowsEncryptionKey ready = h.awaitReady(ns, "shop");

    Secret secret = h.secret(ns, "shop-flows-key").orElseThrow();
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "flows-key-operator");
    assertThat(secret.getMetadata().getOwnerReferences()).as("Retain: no owner").isNullOrEmpty();
    assertThat(decoded(secret, "private.pem")).startsWith("-----BEGIN PRIVATE KEY-----");
    String publicPem = decoded(secret, "public.pem");
    assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----");
    var ourKey = PublicKeys.parsePem(publicPem).orElseThrow();

    var status = ready.getStatus();
    assertThat(status.getKeySource()).isEqualTo(KeySource.Generated);
    assertThat(status.getKeyFingerprint()).isEqualTo(Fingerprints.sha256(ourKey));
    assertThat(status.getSummary()).isEqualTo("2/2");
    assertThat(status.getMode()).isEqualTo(Mode.Register);
    assertThat(status.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(status.getPhoneNumbers())
        .extracting(
            PhoneNumberStatus::getId,
            PhoneNumberStatus::getSignatureStatus,
            PhoneNumberStatus::getKeyMatches,
            PhoneNumberStatus::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(a, "VALID", true, "Registered"),
            org.assertj.core.groups.Tuple.tuple(b, "VALID", true, "Registered"));
    assertThat(status.getPhoneNumbers())
        .allSatisfy(n -> assertThat(n.getLastRegisteredTime()).isNotNull());
    for (String id : List.of(a, b)) {
      assertThat(h.graph.postCount(id)).isEqualTo(1);
      assertThat(PublicKeys.sameKey(ourKey, h.graph.storedKey(id).orElseThrow().pem())).isTrue();
    }
    assertThat(h.events(ns)).extracting(e -> e.getReason()).contains("KeyGenerated", "Registered");
  }

  @Test
  void verifyModeNeverPostsAndNeverCreatesTheSecret() {
    String ns = h.namespace();
    String id = phoneNumber();
    FlowsEncryptionKeySpec spec = spec("absent-key", id);
    spec.setMode(Mode.Verify);
    h.create(ns, "watcher", spec);

    h.awaitCondition(ns, "watcher", "KeyReady", "False", "SecretNotFound");
    assertThat(h.secret(ns, "absent-key")).isEmpty();
    assertThat(h.graph.getCount(id)).isZero();

    // With a key present, Verify reads and reports, never registers.
    KeyPair pair = new RsaKeyGenerator().generate();
    h.putSecret(
        ns,
        "absent-key",
        Map.of("public.pem", KeySecretWriter.write(pair, null).get("public.pem")));
    FlowsEncryptionKey r = h.awaitCondition(ns, "watcher", "Ready", "False", "NotRegistered");
    assertThat(r.getStatus().getMode()).isEqualTo(Mode.Verify);
    assertThat(r.getStatus().getSummary()).isEqualTo("0/1");
    assertThat(h.graph.getCount(id)).isPositive();
    assertThat(h.graph.postCount(id)).isZero();
  }

  @Test
  void mismatchAtGraphIsRegisteredAgain() {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "shop", spec("key", id));
    h.awaitReady(ns, "shop");
    assertThat(h.graph.postCount(id)).isEqualTo(1);

    h.graph.markMismatch(id);
    requestReconcile(ns, "shop", "mismatch-1");

    FlowsEncryptionKey r = awaitHandled(ns, "shop", "mismatch-1");
    assertThat(h.graph.postCount(id)).isEqualTo(2);
    assertThat(r.getStatus().getPhoneNumbers().get(0).getSignatureStatus()).isEqualTo("VALID");
    assertThat(h.condition(ns, "shop", "Ready").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void anotherKeyAtGraphIsReplacedOnTheNextVerify() {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "shop", spec("key", id));
    h.awaitReady(ns, "shop");
    String ours = decoded(h.secret(ns, "key").orElseThrow(), "public.pem");

    String theirs = KeySecretWriter.write(new RsaKeyGenerator().generate(), null).get("public.pem");
    h.graph.setStoredKey(id, theirs, StoredKey.VALID);

    // verifyInterval is 1m: the accelerated clock makes that a second.
    await().atMost(Duration.ofSeconds(15)).until(() -> h.graph.postCount(id) == 2);
    assertThat(
            PublicKeys.sameKey(
                PublicKeys.parsePem(ours).orElseThrow(), h.graph.storedKey(id).orElseThrow().pem()))
        .isTrue();
    h.awaitReady(ns, "shop");
  }

  @Test
  void aWrongTokenIsReportedAndFixingTheSecretRecoversAtOnce() {
    String ns = h.namespace();
    String id = phoneNumber();
    h.putSecret(ns, "whatsapp-system-user", Map.of("token", "EAAGwrongTOKEN123"));
    FlowsEncryptionKeySpec spec = spec("key", id);
    spec.setVerifyInterval("24h");
    h.create(ns, "shop", spec);

    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Ready", "False", "InvalidToken");
    assertThat(r.getStatus().getPhoneNumbers().get(0).getReason()).isEqualTo("InvalidToken");
    assertThat(r.getStatus().getPhoneNumbers().get(0).getMessage()).contains("fbtrace_id");
    assertThat(h.events(ns))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("InvalidToken");
              assertThat(e.getType()).isEqualTo("Warning");
            });

    h.putSecret(ns, "whatsapp-system-user", Map.of("token", OperatorHarness.TOKEN));
    h.awaitReady(ns, "shop");
  }

  @Test
  void oneBadNumberDoesNotBlockTheOthers() {
    String ns = h.namespace();
    String good = phoneNumber();
    String bad = phoneNumber();
    h.graph.unknownNumber(bad);
    h.create(ns, "shop", spec("key", bad, good));

    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "Ready", "False", "InvalidPhoneNumber");
    Map<String, PhoneNumberStatus> byId = new HashMap<>();
    r.getStatus().getPhoneNumbers().forEach(p -> byId.put(p.getId(), p));
    assertThat(byId.get(good).getReason()).isEqualTo("Registered");
    assertThat(byId.get(bad).getReason()).isEqualTo("InvalidPhoneNumber");
    assertThat(byId.get(bad).getMessage()).contains("does not exist");
    assertThat(r.getStatus().getSummary()).isEqualTo("1/2");
    assertThat(h.condition(ns, "shop", "Registered").orElseThrow().getReason())
        .isEqualTo("InvalidPhoneNumber");
  }

  @Test
  void pausedMeansNoGraphCallAndNoSecret() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("shop")
            .withNamespace(ns)
            .addToAnnotations(Annotations.PAUSED, "true")
            .build());
    r.setSpec(spec("key", id));
    client.resource(r).create();

    h.awaitCondition(ns, "shop", "Paused", "True", "Paused");
    TimeUnit.SECONDS.sleep(2);
    assertThat(h.graph.getCount(id)).isZero();
    assertThat(h.secret(ns, "key")).isEmpty();

    h.resume(ns, "shop");
    FlowsEncryptionKey ready = h.awaitReady(ns, "shop");
    assertThat(ready.getStatus().getConditions())
        .extracting(c -> c.getType())
        .doesNotContain("Paused");
  }

  @Test
  void reconcileRequestedAtVerifiesNowAndIsEchoed() {
    String ns = h.namespace();
    String id = phoneNumber();
    FlowsEncryptionKeySpec spec = spec("key", id);
    spec.setVerifyInterval("24h");
    h.create(ns, "shop", spec);
    h.awaitReady(ns, "shop");
    int gets = h.graph.getCount(id);

    requestReconcile(ns, "shop", "2026-11-25T12:00:00Z");
    awaitHandled(ns, "shop", "2026-11-25T12:00:00Z");
    assertThat(h.graph.getCount(id)).isEqualTo(gets + 1);
    assertThat(h.graph.postCount(id)).isEqualTo(1);
  }

  @Test
  void aNumberClaimedTwiceStaysWithTheOlderResource() throws Exception {
    String ns = h.namespace();
    String shared = phoneNumber();
    String own = phoneNumber();
    h.create(ns, "first", spec("first-key", shared));
    h.awaitReady(ns, "first");
    TimeUnit.MILLISECONDS.sleep(1100); // creation timestamps have second precision
    h.create(ns, "second", spec("second-key", shared, own));

    FlowsEncryptionKey second = h.awaitCondition(ns, "second", "Ready", "False", "Conflict");
    PhoneNumberStatus conflicted = second.getStatus().getPhoneNumbers().get(0);
    assertThat(conflicted.getReason()).isEqualTo("Conflict");
    assertThat(conflicted.getMessage()).contains("the FlowsEncryptionKey first in this namespace");
    assertThat(second.getStatus().getPhoneNumbers().get(1).getReason()).isEqualTo("Registered");
    assertThat(h.graph.postCount(shared)).isEqualTo(1);
    String firstKey = decoded(h.secret(ns, "first-key").orElseThrow(), "public.pem");
    assertThat(
            PublicKeys.sameKey(
                PublicKeys.parsePem(firstKey).orElseThrow(),
                h.graph.storedKey(shared).orElseThrow().pem()))
        .isTrue();
  }

  @Test
  void deletionPolicyDeleteOwnsOnlyAGeneratedSecret() {
    String ns = h.namespace();
    FlowsEncryptionKeySpec spec = spec("generated", phoneNumber());
    spec.setSecretDeletionPolicy(SecretDeletionPolicy.Delete);
    FlowsEncryptionKey created = h.create(ns, "gen", spec);
    h.awaitReady(ns, "gen");
    assertThat(h.secret(ns, "generated").orElseThrow().getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
              assertThat(o.getKind()).isEqualTo("FlowsEncryptionKey");
              assertThat(o.getController()).isTrue();
            });

    Map<String, String> brought = KeySecretWriter.write(new RsaKeyGenerator().generate(), null);
    h.putSecret(ns, "brought", brought);
    FlowsEncryptionKeySpec own = spec("brought", phoneNumber());
    own.setSecretDeletionPolicy(SecretDeletionPolicy.Delete);
    h.create(ns, "own", own);
    h.awaitReady(ns, "own");
    Secret untouched = h.secret(ns, "brought").orElseThrow();
    assertThat(untouched.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(decoded(untouched, "private.pem")).isEqualTo(brought.get("private.pem"));

    // Switching a generated Secret back to Retain removes the owner reference.
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName("gen")
        .edit(
            x -> {
              x.getSpec().setSecretDeletionPolicy(SecretDeletionPolicy.Retain);
              return x;
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                h.secret(ns, "generated")
                    .orElseThrow()
                    .getMetadata()
                    .getOwnerReferences()
                    .isEmpty());
  }

  @Test
  void steadyStateIsOneGetPerNumberPerIntervalAndNoWrites() throws Exception {
    String ns = h.namespace();
    String a = phoneNumber();
    String b = phoneNumber();
    h.create(ns, "quiet", spec("key", a, b));
    h.awaitReady(ns, "quiet");
    TimeUnit.MILLISECONDS.sleep(500);
    drainWrites(ns);
    int getsA = h.graph.getCount(a);
    int getsB = h.graph.getCount(b);
    int posts = h.graph.totalPosts();

    // Five 1m intervals at 60x speed.
    long intervals = 5;
    TimeUnit.MILLISECONDS.sleep(intervals * 1000 + 300);

    List<String> writes = drainWrites(ns);
    assertThat(writes).as("writes to the API server at steady state").isEmpty();
    assertThat(h.graph.getCount(a) - getsA).isBetween((int) intervals - 1, (int) intervals + 1);
    assertThat(h.graph.getCount(b) - getsB).isBetween((int) intervals - 1, (int) intervals + 1);
    assertThat(h.graph.postCount(a) + h.graph.postCount(b)).isEqualTo(2);
    assertThat(h.graph.totalPosts()).as("no POST anywhere").isEqualTo(posts);
  }

  @Test
  void aFailedSecretCreateRegistersNothingAndIsRetried() {
    String ns = h.namespace();
    String id = phoneNumber();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + ns + "/secrets")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withMessage("secrets is forbidden: User \"operator\" cannot create resource")
                .build())
        .once();
    h.create(ns, "shop", spec("key", id));

    FlowsEncryptionKey failed =
        h.awaitCondition(ns, "shop", "Ready", "False", "KubernetesApiError");
    assertThat(h.condition(ns, "shop", "Ready").orElseThrow().getMessage())
        .contains("HTTP 403")
        .contains("forbidden");
    assertThat(failed.getStatus().getKeyFingerprint()).isNull();
    assertThat(h.graph.getCount(id) + h.graph.postCount(id)).as("nothing registered").isZero();

    // JOSDK retries (2 s backoff): the next create succeeds and the key is registered.
    h.awaitReady(ns, "shop");
    assertThat(h.graph.postCount(id)).isEqualTo(1);
  }

  private static List<String> drainWrites(String ns) throws InterruptedException {
    List<String> writes = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (!"GET".equals(r.getMethod()) && r.getPath().contains("/namespaces/" + ns + "/")) {
        writes.add(r.getMethod() + " " + r.getPath());
      }
    }
    return writes;
  }

  private static void requestReconcile(String ns, String name, String value) {
    h.annotate(ns, name, Annotations.RECONCILE_REQUESTED_AT, value);
  }

  private static FlowsEncryptionKey awaitHandled(String ns, String name, String value) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> value.equals(h.get(ns, name).getStatus().getLastHandledReconcileAt()));
    return h.get(ns, name);
  }
}
