package dev.waflows.operator.reconciler.status;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.secrets.KeyVerdict;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status a pass writes and the Events it sends: per-number state that survives errors, the
 * summary, the reconcile-request echo, one Event per change rather than per pass, and the notice
 * when Graph served another API version than the one asked for. Events land on the mock server.
 */
@EnableKubernetesMockClient(crud = true)
class StatusReporterTest {

  static KubernetesClient client;

  private static final String A = "106540352242922";
  private static final String B = "106540352242923";
  private static final String ASKED = "v24.0";
  private static LoadedKey ourKey;

  private final FixedTime time = new FixedTime();
  private final AtomicInteger keysGenerated = new AtomicInteger();
  private MockCluster cluster;
  private StatusReporter reporter;
  private String ns;

  @BeforeAll
  static void makeKey() throws Exception {
    Map<String, byte[]> data = new HashMap<>();
    KeySecretWriter.write(new RsaKeyGenerator().generate(), null)
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    ourKey = KeySecretReader.read(data, null);
  }

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    reporter = new StatusReporter(new KeyEvents(client, time), keysGenerated::incrementAndGet);
    ns = freshNamespace();
  }

  @Test
  void everyNumberValidWithOurKeyMakesTheResourceReady() {
    FlowsEncryptionKeyStatus s =
        verified(
            resource(A, B),
            new FlowsEncryptionKeyStatus(),
            key(true),
            List.of(valid(A, true), valid(B, true)));

    assertThat(s.getSummary()).isEqualTo("2/2");
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(s.getKeySource()).isEqualTo(KeySource.Generated);
    assertThat(s.getKeyFingerprint()).isEqualTo(ourKey.fingerprint());
    assertThat(condition(s, Conditions.READY).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(s.getPhoneNumbers())
        .allSatisfy(
            n -> {
              assertThat(n.getReason()).isEqualTo(Reasons.REGISTERED);
              assertThat(n.getLastRegisteredTime()).isEqualTo("2026-03-01T10:00:00Z");
            });
    assertThat(keysGenerated).hasValue(1);
    assertThat(cluster.events(ns, "KeyGenerated")).hasSize(1);
    assertThat(cluster.events(ns, Reasons.REGISTERED))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(A, B));
  }

  @Test
  void aPassThatLearnsNothingNewChangesNothingAndSaysNothing() {
    FlowsEncryptionKeyStatus first =
        verified(resource(), new FlowsEncryptionKeyStatus(), key(true), List.of(valid(A, true)));
    int events = cluster.events(ns).size();

    time.advance(Duration.ofHours(1));
    FlowsEncryptionKeyStatus second =
        verified(resource(), first, key(false), List.of(valid(A, false)));

    assertThat(second).as("no heartbeat in status").isEqualTo(first);
    assertThat(cluster.events(ns)).hasSize(events);
  }

  @Test
  void theSummaryCountsNumbersValidWithOurKey() {
    NumberObservation mismatch =
        new NumberObservation.Checked(A, Optional.of(SignatureStatus.MISMATCH), true, true, false);
    NumberObservation otherKey =
        new NumberObservation.Checked(B, Optional.of(SignatureStatus.VALID), true, false, false);

    FlowsEncryptionKeyStatus s =
        verified(
            resource(A, B, "106540352242924"),
            new FlowsEncryptionKeyStatus(),
            key(false),
            List.of(mismatch, otherKey, valid("106540352242924", false)));

    assertThat(s.getSummary()).isEqualTo("1/3");
    assertThat(condition(s, Conditions.READY).getStatus()).isEqualTo(Conditions.FALSE);
  }

  @Test
  void aGraphErrorKeepsWhatWasKnownAboutTheNumber() {
    FlowsEncryptionKeyStatus ready =
        verified(resource(), new FlowsEncryptionKeyStatus(), key(false), List.of(valid(A, true)));
    time.advance(Duration.ofHours(1));

    FlowsEncryptionKeyStatus failed =
        verified(
            resource(), ready, key(false), List.of(failed(A, GraphErrorReason.GraphUnavailable)));

    PhoneNumberStatus n = failed.getPhoneNumbers().get(0);
    assertThat(n.getSignatureStatus()).isEqualTo("VALID");
    assertThat(n.getKeyMatches()).isTrue();
    assertThat(n.getLastRegisteredTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(n.getReason()).isEqualTo(Reasons.GRAPH_UNAVAILABLE);
    assertThat(n.getLastTransitionTime()).isEqualTo("2026-03-01T11:00:00Z");
    assertThat(failed.getKeyFingerprint()).isEqualTo(ready.getKeyFingerprint());
  }

  @Test
  void aProblemBeforeAnyCheckKeepsEveryNumberAsItWas() {
    FlowsEncryptionKeyStatus ready =
        verified(
            resource(A, B),
            new FlowsEncryptionKeyStatus(),
            key(false),
            List.of(valid(A, true), valid(B, true)));

    FlowsEncryptionKeyStatus blocked =
        reporter.blocked(
            pass(resource(A, B), ready),
            new Problem(Reasons.INVALID_SPEC, "spec.verifyInterval is under 1m"));

    assertThat(blocked.getPhoneNumbers()).isEqualTo(ready.getPhoneNumbers());
    assertThat(blocked.getSummary()).isEqualTo("2/2");
    assertThat(condition(blocked, Conditions.READY).getReason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(condition(blocked, Conditions.STALLED).getStatus()).isEqualTo(Conditions.TRUE);
  }

  @Test
  void theReconcileRequestIsEchoedOnceVerifiedAndNotBefore() {
    FlowsEncryptionKey requested = resource();
    requested
        .getMetadata()
        .setAnnotations(Map.of(Annotations.RECONCILE_REQUESTED_AT, "2026-03-01T09:59"));

    FlowsEncryptionKeyStatus blocked =
        reporter.blocked(
            pass(requested, new FlowsEncryptionKeyStatus()),
            new Problem(Reasons.INVALID_SPEC, "spec.verifyInterval is under 1m"));
    FlowsEncryptionKeyStatus verified =
        verified(requested, blocked, key(false), List.of(valid(A, false)));

    assertThat(blocked.getLastHandledReconcileAt()).isNull();
    assertThat(verified.getLastHandledReconcileAt()).isEqualTo("2026-03-01T09:59");
  }

  @Test
  void aWarningIsSentWhenTheReasonChangesNotOnEveryPass() {
    Problem invalid = new Problem(Reasons.INVALID_SPEC, "bad interval");
    Problem apiError = new Problem(Reasons.KUBERNETES_API_ERROR, "secrets is forbidden");

    FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
    s = reporter.blocked(pass(resource(), s), invalid);
    s = reporter.blocked(pass(resource(), s), invalid);
    s = reporter.blocked(pass(resource(), s), apiError);
    s = reporter.blocked(pass(resource(), s), apiError);

    assertThat(cluster.events(ns, Reasons.INVALID_SPEC)).hasSize(1);
    assertThat(cluster.events(ns, Reasons.KUBERNETES_API_ERROR))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void aNumberFailingTheSameWayAgainIsAnnouncedOnce() {
    FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
    for (int pass = 0; pass < 3; pass++) {
      s = verified(resource(), s, key(false), List.of(failed(A, GraphErrorReason.RateLimited)));
    }

    assertThat(cluster.events(ns, Reasons.RATE_LIMITED))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).startsWith(A + ": "));
  }

  @Test
  void anUpgradedGraphVersionIsToldInReadyAndByOneWarningPerChange() {
    FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
    s = verified(resource(), s, key(false), List.of(served(A, "v25.0")));
    s = verified(resource(), s, key(false), List.of(served(A, "v25.0")));

    String sentence = new GraphVersionNotice(ASKED, "v25.0").sentence();
    assertThat(condition(s, Conditions.READY).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(condition(s, Conditions.READY).getMessage()).endsWith("; " + sentence);
    assertThat(cluster.events(ns, GraphVersionNotice.EVENT_REASON))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(sentence));

    s = verified(resource(), s, key(false), List.of(served(A, "v26.0")));
    assertThat(condition(s, Conditions.READY).getMessage()).doesNotContain("v25.0");
    assertThat(cluster.events(ns, GraphVersionNotice.EVENT_REASON))
        .extracting(Event::getMessage)
        .containsExactly(sentence, new GraphVersionNotice(ASKED, "v26.0").sentence());
  }

  @Test
  void theVersionAskedForSaysNothing() {
    FlowsEncryptionKeyStatus s =
        verified(resource(), new FlowsEncryptionKeyStatus(), key(false), List.of(served(A, ASKED)));

    assertThat(condition(s, Conditions.READY).getMessage()).doesNotContain("Graph served");
    assertThat(cluster.events(ns, GraphVersionNotice.EVENT_REASON)).isEmpty();
  }

  // One place that calls the reporter with what a pass learned.
  private FlowsEncryptionKeyStatus verified(
      FlowsEncryptionKey r,
      FlowsEncryptionKeyStatus before,
      KeyOutcome key,
      List<NumberObservation> seen) {
    return reporter.verified(
        pass(r, before),
        Mode.Register,
        key,
        Optional.empty(),
        seen,
        ASKED,
        Optional.empty(),
        Optional.empty());
  }

  private ReconcilePass pass(FlowsEncryptionKey r, FlowsEncryptionKeyStatus before) {
    return new ReconcilePass(r, before, time.now());
  }

  /** Our generated key, as the provisioner hands it over. */
  private static KeyOutcome key(boolean generatedNow) {
    return new KeyOutcome(
        Optional.of(ourKey),
        KeySource.Generated,
        generatedNow,
        new KeyVerdict(true, Reasons.GENERATED, "generated"),
        "1");
  }

  private static NumberObservation valid(String id, boolean registeredNow) {
    return new NumberObservation.Checked(
        id, Optional.of(SignatureStatus.VALID), true, true, registeredNow);
  }

  private static NumberObservation served(String id, String version) {
    return new NumberObservation.Checked(
        id, Optional.of(SignatureStatus.VALID), true, true, false, true, Optional.of(version));
  }

  private static NumberObservation failed(String id, GraphErrorReason reason) {
    return new NumberObservation.Failed(
        id, reason, "Graph said no (fbtrace_id: AbC)", Optional.empty());
  }

  private FlowsEncryptionKey resource(String... ids) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName("shop");
    r.getMetadata().setNamespace(ns);
    r.getMetadata().setUid("uid-shop");
    r.getMetadata().setGeneration(3L);
    r.setSpec(spec("shop-key", ids.length == 0 ? new String[] {A} : ids));
    return r;
  }

  private static Condition condition(FlowsEncryptionKeyStatus s, String type) {
    return Conditions.find(s.getConditions(), type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
