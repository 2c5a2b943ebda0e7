package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.decoded;
import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.RotationSpec;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.keys.Fingerprints;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key rotation on Fabric8's mock API server and the Graph sandbox, with the operator's clock at 60x
 * (2m is 2 s): each trigger, each refusal, and restarts at every step of a rotation.
 */
@EnableKubernetesMockClient(crud = true)
class RotationOperatorTest {

  static KubernetesMockServer server;
  static KubernetesClient client;
  private static GraphSandbox graph;
  private static OperatorHarness h;

  @BeforeAll
  static void start() throws Exception {
    graph = GraphSandbox.start().acceptTokens(OperatorHarness.TOKEN);
    h = operator(true);
  }

  @AfterAll
  static void stop() {
    h.close();
    graph.close();
  }

  private static OperatorHarness operator(boolean start) throws Exception {
    return new OperatorHarness(client, client, graph, Optional.empty(), start);
  }

  /** Stops the operator as a crash would, then starts a new one on the same cluster and Graph. */
  private void restart(Runnable whileStopped) throws Exception {
    h.close();
    whileStopped.run();
    h = operator(true);
  }

  private static FlowsEncryptionKeySpec rotating(
      String secret, String registerAfter, String keep, String... ids) {
    FlowsEncryptionKeySpec spec = spec(secret, ids);
    spec.setRotation(new RotationSpec(null, registerAfter, keep));
    return spec;
  }

  @Test
  void annotationRotatesOnceRegistersAfterTheWaitAndDropsTheOldKeyLater() {
    String ns = h.namespace();
    String a = phoneNumber();
    String b = phoneNumber();
    h.create(ns, "shop", rotating("key", "3m", "10m", a, b));
    h.awaitReady(ns, "shop");
    String oldPublic = decoded(h.secret(ns, "key").orElseThrow(), "public.pem");
    String oldPrivate = decoded(h.secret(ns, "key").orElseThrow(), "private.pem");

    double rotationsBefore = rotations();
    requestRotation(ns, "shop", "r1");

    Secret rotated = awaitSecret(ns, "key", s -> s.getData().containsKey("previous-public.pem"));
    assertThat(decoded(rotated, "previous-public.pem")).isEqualTo(oldPublic);
    assertThat(decoded(rotated, "previous-private.pem")).isEqualTo(oldPrivate);
    assertThat(rotated.getMetadata().getAnnotations())
        .containsEntry(Annotations.ROTATION_TRIGGER, "r1")
        .containsKey(Annotations.KEY_CURRENT_SINCE);
    String newPublic = decoded(rotated, "public.pem");
    assertThat(newPublic).isNotEqualTo(oldPublic);
    // registerAfter (3 s here) has not passed: Graph still holds the old key, Ready stays.
    assertThat(graph.postCount(a)).isEqualTo(1);
    assertThat(h.condition(ns, "shop", "Ready").orElseThrow().getStatus()).isEqualTo("True");

    FlowsEncryptionKeyStatus status =
        awaitStatus(ns, "shop", s -> "r1".equals(s.getLastHandledRotateAt()));
    for (String id : List.of(a, b)) {
      assertThat(graph.postCount(id)).as("one POST per number per key").isEqualTo(2);
      assertThat(sameKey(newPublic, graph.storedKey(id).orElseThrow().pem())).isTrue();
    }
    assertThat(status.getKeyFingerprint()).isEqualTo(fingerprint(newPublic));
    assertThat(status.getPreviousKeyFingerprint()).isEqualTo(fingerprint(oldPublic));
    assertThat(status.getPreviousKeyExpiresTime()).isNotNull();
    assertThat(status.getLastRotationTime())
        .isEqualTo(rotated.getMetadata().getAnnotations().get(Annotations.KEY_CURRENT_SINCE));
    assertThat(status.getNextRotationTime()).as("no rotation.every").isNull();
    assertThat(h.condition(ns, "shop", "Ready").orElseThrow().getStatus()).isEqualTo("True");

    // keepPreviousFor 10m = 10 s.
    Secret dropped = awaitSecret(ns, "key", s -> !s.getData().containsKey("previous-public.pem"));
    assertThat(decoded(dropped, "public.pem")).isEqualTo(newPublic);
    assertThat(dropped.getData()).doesNotContainKey("previous-private.pem");
    FlowsEncryptionKeyStatus settled =
        awaitStatus(ns, "shop", s -> s.getPreviousKeyFingerprint() == null);
    assertThat(settled.getPreviousKeyExpiresTime()).isNull();
    assertThat(settled.getLastHandledRotateAt()).isEqualTo("r1");
    assertThat(reasons(ns)).contains("RotationStarted", "KeyRegistered", "PreviousKeyRemoved");
    assertThat(reasons(ns).stream().filter("RotationStarted"::equals)).hasSize(1);
    assertThat(rotations() - rotationsBefore).isEqualTo(1.0);
    assertEveryPostedKeyWasInTheSecret(List.of(a, b), oldPublic, newPublic);
  }

  @Test
  void scheduleRotatesAKeyThatBecameCurrentLongAgo() {
    String ns = h.namespace();
    String id = phoneNumber();
    FlowsEncryptionKeySpec spec = rotating("key", "1m", "1m", id);
    spec.getRotation().setEvery("2160h");
    h.create(ns, "shop", spec);
    FlowsEncryptionKey ready = h.awaitReady(ns, "shop");
    assertThat(ready.getStatus().getNextRotationTime()).isNotNull();
    assertThat(ready.getStatus().getLastRotationTime()).as("before the first rotation").isNull();
    String oldPublic = decoded(h.secret(ns, "key").orElseThrow(), "public.pem");

    client
        .secrets()
        .inNamespace(ns)
        .withName("key")
        .edit(
            s -> {
              s.getMetadata()
                  .getAnnotations()
                  .put(Annotations.KEY_CURRENT_SINCE, "2025-01-01T00:00:00Z");
              return s;
            });

    Secret rotated =
        awaitSecret(
            ns,
            "key",
            s ->
                "schedule"
                    .equals(s.getMetadata().getAnnotations().get(Annotations.ROTATION_TRIGGER)));
    String newPublic = decoded(rotated, "public.pem");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sameKey(newPublic, graph.storedKey(id).orElseThrow().pem()));
    FlowsEncryptionKeyStatus s = awaitStatus(ns, "shop", st -> st.getLastRotationTime() != null);
    assertThat(s.getNextRotationTime()).isNotEqualTo(ready.getStatus().getNextRotationTime());
    assertThat(s.getLastHandledRotateAt()).as("only annotation values are echoed").isNull();
    awaitSecret(ns, "key", x -> !x.getData().containsKey("previous-public.pem"));
    assertThat(graph.postedKeys(id)).hasSize(2);
    assertEveryPostedKeyWasInTheSecret(List.of(id), oldPublic, newPublic);
  }

  @Test
  void aPassphraseProtectedKeyStaysProtectedThroughARotation() {
    String ns = h.namespace();
    String id = phoneNumber();
    h.putSecret(ns, "passphrase", Map.of("passphrase", "correct horse\n"));
    FlowsEncryptionKeySpec spec = rotating("key", "1m", "30m", id);
    spec.setPassphraseSecretRef(new SecretKeySelector("passphrase", null));
    h.create(ns, "shop", spec);
    h.awaitReady(ns, "shop");

    requestRotation(ns, "shop", "protected");

    awaitStatus(ns, "shop", s -> "protected".equals(s.getLastHandledRotateAt()));
    Secret secret = h.secret(ns, "key").orElseThrow();
    assertThat(decoded(secret, "private.pem")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(decoded(secret, "previous-private.pem"))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(sameKey(decoded(secret, "public.pem"), graph.storedKey(id).orElseThrow().pem()))
        .isTrue();
  }

  @Test
  void aBroughtKeyIsNeverRotatedAndTheRequestIsAnsweredOnce() throws Exception {
    String ns = h.namespace();
    Map<String, String> brought = KeySecretWriter.write(new RsaKeyGenerator().generate(), null);
    h.putSecret(ns, "brought", brought);
    h.create(ns, "own", rotating("brought", "1m", "1m", phoneNumber()));
    h.awaitReady(ns, "own");

    requestRotation(ns, "own", "please");
    await().atMost(Duration.ofSeconds(15)).until(() -> refusals(ns).size() == 1);
    h.awaitAnotherPass(ns, "own");

    assertThat(refusals(ns))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("please").contains("keySource Loaded");
            });
    Secret untouched = h.secret(ns, "brought").orElseThrow();
    assertThat(decoded(untouched, "private.pem")).isEqualTo(brought.get("private.pem"));
    assertThat(untouched.getData()).doesNotContainKey("previous-private.pem");
    assertThat(h.get(ns, "own").getStatus().getLastHandledRotateAt()).isNull();
  }

  @Test
  void verifyModeRefusesToRotate() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "gen", rotating("key", "1m", "1m", id));
    h.awaitReady(ns, "gen");
    String before = decoded(h.secret(ns, "key").orElseThrow(), "private.pem");
    // A merge patch, as kubectl would send: an edit() carries the resourceVersion read and loses
    // the race to the operator's own status patch (409).
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName("gen")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"mode\":\"Verify\"},\"metadata\":{\"annotations\":{\""
                + Annotations.ROTATE_REQUESTED_AT
                + "\":\"v1\"}}}");

    await().atMost(Duration.ofSeconds(15)).until(() -> refusals(ns).size() == 1);
    assertThat(refusals(ns).get(0).getMessage()).contains("Verify mode");
    h.awaitAnotherPass(ns, "gen");
    assertThat(decoded(h.secret(ns, "key").orElseThrow(), "private.pem")).isEqualTo(before);
    assertThat(graph.postCount(id)).isEqualTo(1);
  }

  @Test
  void aPausedResourceAnswersTheRequestAndRotatesOnlyOnceResumed() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "gen", rotating("key", "1m", "1m", id));
    h.awaitReady(ns, "gen");
    String before = decoded(h.secret(ns, "key").orElseThrow(), "private.pem");
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName("gen")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\""
                + Annotations.PAUSED
                + "\":\"true\",\""
                + Annotations.ROTATE_REQUESTED_AT
                + "\":\"p1\"}}}");

    await().atMost(Duration.ofSeconds(15)).until(() -> refusals(ns).size() == 1);
    assertThat(refusals(ns).get(0).getMessage()).contains("paused");
    TimeUnit.SECONDS.sleep(2);
    assertThat(decoded(h.secret(ns, "key").orElseThrow(), "private.pem")).isEqualTo(before);

    h.resume(ns, "gen");
    awaitStatus(ns, "gen", s -> "p1".equals(s.getLastHandledRotateAt()));
    assertThat(refusals(ns)).hasSize(1);
  }

  @Test
  void restartsAtEveryStepResumeWithoutLosingOrDoublingAKey() throws Exception {
    String ns = h.namespace();
    String a = phoneNumber();
    String b = phoneNumber();
    // registerAfter 8m and keepPreviousFor 4m: 8 s and 4 s, time to stop the operator in between.
    h.create(ns, "shop", rotating("key", "8m", "4m", a, b));
    h.awaitReady(ns, "shop");
    String oldPublic = decoded(h.secret(ns, "key").orElseThrow(), "public.pem");

    // 1. Crash right after the Secret write: nothing registered yet.
    requestRotation(ns, "shop", "crash");
    Secret written = awaitSecret(ns, "key", s -> s.getData().containsKey("previous-public.pem"));
    String newPublic = decoded(written, "public.pem");
    // 2. ... and, while it is down, one number got the new key before the crash.
    restart(() -> graph.setStoredKey(a, newPublic, "VALID"));
    int postsA = graph.postCount(a);

    FlowsEncryptionKeyStatus registered =
        awaitStatus(ns, "shop", s -> "crash".equals(s.getLastHandledRotateAt()));
    assertThat(decoded(h.secret(ns, "key").orElseThrow(), "public.pem"))
        .as("the restarted operator does not rotate again for the same trigger")
        .isEqualTo(newPublic);
    assertThat(graph.postCount(a))
        .as("a number holding the new key is not POSTed")
        .isEqualTo(postsA);
    assertThat(sameKey(newPublic, graph.storedKey(b).orElseThrow().pem())).isTrue();
    assertThat(registered.getPreviousKeyFingerprint()).isEqualTo(fingerprint(oldPublic));

    // 3. Crash after registration with the expiry lost: recorded again, the key kept, no POST.
    int posts = graph.postCount(a) + graph.postCount(b);
    restart(
        () ->
            client
                .resources(FlowsEncryptionKey.class)
                .inNamespace(ns)
                .withName("shop")
                .editStatus(
                    x -> {
                      x.getStatus().setPreviousKeyExpiresTime(null);
                      return x;
                    }));
    awaitStatus(ns, "shop", s -> s.getPreviousKeyExpiresTime() != null);

    // 4. Crash while the old key is kept, restarted after it expired: it is dropped.
    restart(
        () -> {
          try {
            TimeUnit.SECONDS.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Secret dropped = awaitSecret(ns, "key", s -> !s.getData().containsKey("previous-public.pem"));
    assertThat(decoded(dropped, "public.pem")).isEqualTo(newPublic);
    assertThat(graph.postCount(a) + graph.postCount(b)).isEqualTo(posts);
    assertThat(reasons(ns).stream().filter("RotationStarted"::equals)).hasSize(1);
    assertEveryPostedKeyWasInTheSecret(List.of(a, b), oldPublic, newPublic);
    h.awaitReady(ns, "shop");
  }

  @Test
  void aWriteThatLosesARaceIsPlannedAgainNotRepeatedBlind() {
    String ns = h.namespace();
    String id = phoneNumber();
    h.create(ns, "shop", rotating("key", "1m", "30m", id));
    h.awaitReady(ns, "shop");
    server
        .expect()
        .put()
        .withPath("/api/v1/namespaces/" + ns + "/secrets/key")
        .andReturn(
            409,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage("the object has been modified")
                .build())
        .once();

    requestRotation(ns, "shop", "race");

    awaitStatus(ns, "shop", s -> "race".equals(s.getLastHandledRotateAt()));
    Secret secret = h.secret(ns, "key").orElseThrow();
    assertThat(graph.postedKeys(id)).hasSize(2);
    assertThat(sameKey(decoded(secret, "public.pem"), graph.postedKeys(id).get(1))).isTrue();
    assertThat(reasons(ns).stream().filter("RotationStarted"::equals)).hasSize(1);
  }

  @Test
  void anotherResourceNamingAGeneratedSecretNeverOwnsOrRotatesIt() throws Exception {
    String ns = h.namespace();
    h.create(ns, "first", spec("shared", phoneNumber()));
    h.awaitReady(ns, "first");
    Secret generated = h.secret(ns, "shared").orElseThrow();

    FlowsEncryptionKeySpec second = rotating("shared", "1m", "1m", phoneNumber());
    second.setSecretDeletionPolicy(SecretDeletionPolicy.Delete);
    h.create(ns, "second", second);
    FlowsEncryptionKey r = h.awaitReady(ns, "second");
    assertThat(r.getStatus().getKeySource()).isEqualTo(KeySource.Loaded);
    requestRotation(ns, "second", "not-yours");
    await().atMost(Duration.ofSeconds(15)).until(() -> refusals(ns).size() == 1);
    h.awaitAnotherPass(ns, "second");

    Secret after = h.secret(ns, "shared").orElseThrow();
    assertThat(after.getMetadata().getOwnerReferences())
        .as("deleting 'second' must not garbage-collect the key of 'first'")
        .isNullOrEmpty();
    assertThat(after.getData()).isEqualTo(generated.getData());
  }

  @Test
  void aSecretGeneratedByAnEarlierVersionIsRecognisedByItsOwnerReference() throws Exception {
    String ns = h.namespace();
    FlowsEncryptionKey paused = new FlowsEncryptionKey();
    paused.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("old")
            .withNamespace(ns)
            .addToAnnotations(Annotations.PAUSED, "true")
            .build());
    FlowsEncryptionKeySpec spec = rotating("legacy", "1m", "1m", phoneNumber());
    spec.setSecretDeletionPolicy(SecretDeletionPolicy.Delete);
    paused.setSpec(spec);
    FlowsEncryptionKey created = client.resource(paused).create();
    Map<String, String> data = new HashMap<>();
    KeySecretWriter.write(new RsaKeyGenerator().generate(), null)
        .forEach((k, v) -> data.put(k, java.util.Base64.getEncoder().encodeToString(v.getBytes())));
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("legacy")
                .withNamespace(ns)
                .addToLabels(Annotations.MANAGED_BY_LABEL, Annotations.MANAGED_BY_VALUE)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("waflows.dev/v1alpha1")
                        .withKind("FlowsEncryptionKey")
                        .withName("old")
                        .withUid(created.getMetadata().getUid())
                        .build())
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build())
        .create();
    h.resume(ns, "old");

    FlowsEncryptionKey ready = h.awaitReady(ns, "old");
    assertThat(ready.getStatus().getKeySource()).isEqualTo(KeySource.Generated);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                created
                    .getMetadata()
                    .getUid()
                    .equals(
                        h.secret(ns, "legacy")
                            .orElseThrow()
                            .getMetadata()
                            .getAnnotations()
                            .get(Annotations.GENERATED_FOR)));
  }

  @Test
  void aBroughtKeySecretThatDisappearsIsReportedNotReplaced() throws Exception {
    String ns = h.namespace();
    String id = phoneNumber();
    h.putSecret(ns, "brought", KeySecretWriter.write(new RsaKeyGenerator().generate(), null));
    h.create(ns, "own", spec("brought", id));
    h.awaitReady(ns, "own");

    client.secrets().inNamespace(ns).withName("brought").delete();

    FlowsEncryptionKey r = h.awaitCondition(ns, "own", "KeyReady", "False", "SecretNotFound");
    assertThat(r.getStatus().getKeySource()).isEqualTo(KeySource.Loaded);
    h.awaitAnotherPass(ns, "own");
    assertThat(h.secret(ns, "brought")).as("no key generated over the person's own").isEmpty();
    assertThat(graph.postCount(id)).isEqualTo(1);
    assertThat(h.condition(ns, "own", "KeyReady").orElseThrow().getReason())
        .isEqualTo("SecretNotFound");
  }

  // ---- helpers ----

  private static double rotations() {
    return h.registry.get("flows.key.rotations").counter().count();
  }

  private void assertEveryPostedKeyWasInTheSecret(List<String> ids, String... secretKeys) {
    for (String id : ids) {
      assertThat(graph.postedKeys(id))
          .allSatisfy(
              pem ->
                  assertThat(List.of(secretKeys).stream().anyMatch(k -> sameKey(k, pem)))
                      .as("POSTed key for %s was in the Secret", id)
                      .isTrue());
    }
  }

  private static boolean sameKey(String ourPem, String graphPem) {
    return PublicKeys.sameKey(PublicKeys.parsePem(ourPem).orElseThrow(), graphPem);
  }

  private static String fingerprint(String publicPem) {
    return Fingerprints.sha256(PublicKeys.parsePem(publicPem).orElseThrow());
  }

  private Secret awaitSecret(String ns, String name, java.util.function.Predicate<Secret> p) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> h.secret(ns, name).filter(p).isPresent());
    return h.secret(ns, name).orElseThrow();
  }

  private FlowsEncryptionKeyStatus awaitStatus(
      String ns, String name, java.util.function.Predicate<FlowsEncryptionKeyStatus> p) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              FlowsEncryptionKey r = h.get(ns, name);
              return r != null && r.getStatus() != null && p.test(r.getStatus());
            });
    return h.get(ns, name).getStatus();
  }

  private List<String> reasons(String ns) {
    return h.events(ns).stream().map(Event::getReason).toList();
  }

  private List<Event> refusals(String ns) {
    return h.events(ns).stream().filter(e -> "RotationRefused".equals(e.getReason())).toList();
  }

  private static void requestRotation(String ns, String name, String value) {
    annotate(ns, name, Annotations.ROTATE_REQUESTED_AT, value);
  }

  private static void requestReconcile(String ns, String name, String value) {
    annotate(ns, name, Annotations.RECONCILE_REQUESTED_AT, value);
  }

  private static void annotate(String ns, String name, String key, String value) {
    h.annotate(ns, name, key, value);
  }
}
