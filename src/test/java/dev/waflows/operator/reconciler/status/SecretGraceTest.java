package dev.waflows.operator.reconciler.status;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.secrets.KeyVerdict;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Secret the spec names that does not exist yet (here the passphrase Secret): Reconciling for the
 * first 5 minutes after the resource's generation was first seen, Stalled after that, counted from
 * what the status stores (a restarted operator has nothing else).
 */
@EnableKubernetesMockClient(crud = true)
class SecretGraceTest {

  static KubernetesClient client;

  private static final Instant SEEN = Instant.parse("2026-03-01T10:00:00Z");

  /** What the key provisioner says when the passphrase Secret does not exist. */
  private static final KeyVerdict NO_PASSPHRASE =
      new KeyVerdict(
          false,
          Reasons.SECRET_NOT_FOUND,
          "the passphrase Secret shop-passphrase was not found in this namespace");

  static Stream<Arguments> moments() {
    return Stream.of(
        // what happened, generation now, time since the first pass, Reconciling, Stalled
        Arguments.of("first pass (0 s)", 1L, Duration.ZERO, "True", "False"),
        Arguments.of("4 m 59 s later", 1L, Duration.parse("PT4M59S"), "True", "False"),
        Arguments.of("5 m 00 s later", 1L, Duration.ofMinutes(5), "False", "True"),
        Arguments.of("5 m 01 s later", 1L, Duration.parse("PT5M1S"), "False", "True"),
        Arguments.of(
            "a new generation 5 m 01 s later", 2L, Duration.parse("PT5M1S"), "True", "False"),
        Arguments.of("a new generation 1 h later", 2L, Duration.ofHours(1), "True", "False"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("moments")
  void aMissingSecretIsAwaitedFiveMinutesFromTheGenerationFirstSeen(
      String what, long generation, Duration elapsed, String reconciling, String stalled) {
    FlowsEncryptionKeyStatus first = pass(reporter(), 1L, new FlowsEncryptionKeyStatus(), SEEN);

    FlowsEncryptionKeyStatus later = pass(reporter(), generation, first, SEEN.plus(elapsed));

    assertThat(condition(later, Conditions.RECONCILING).getStatus()).isEqualTo(reconciling);
    assertThat(condition(later, Conditions.STALLED).getStatus()).isEqualTo(stalled);
    String active = "True".equals(stalled) ? Conditions.STALLED : Conditions.RECONCILING;
    assertThat(condition(later, active).getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
    assertThat(condition(later, Conditions.READY).getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
    assertThat(later.getGenerationObservedTime())
        .as("moves only with the generation")
        .isEqualTo(
            generation == 1L
                ? "2026-03-01T10:00:00Z"
                : ReconcilePass.timestamp(SEEN.plus(elapsed)));
  }

  @Test
  void theWaitIsToldWithItsEndAndTheResourceIsDueThen() {
    FlowsEncryptionKeyStatus s = pass(reporter(), 1L, new FlowsEncryptionKeyStatus(), SEEN);

    assertThat(condition(s, Conditions.RECONCILING).getMessage())
        .contains("shop-passphrase was not found")
        .contains("waiting for it until 2026-03-01T10:05:00Z");
    assertThat(SecretGrace.awaitedUntil(s)).contains(Instant.parse("2026-03-01T10:05:00Z"));

    FlowsEncryptionKeyStatus stalled = pass(reporter(), 1L, s, SEEN.plus(Duration.ofMinutes(6)));
    assertThat(SecretGrace.awaitedUntil(stalled)).as("nothing more to wait for").isEmpty();
  }

  @Test
  void aRestartedOperatorCountsFromTheStoredStatusNotFromItsStart() {
    FlowsEncryptionKeyStatus first = pass(reporter(), 1L, new FlowsEncryptionKeyStatus(), SEEN);
    // What the API server stores and a new process reads back.
    FlowsEncryptionKeyStatus stored =
        Serialization.unmarshal(Serialization.asJson(first), FlowsEncryptionKeyStatus.class);
    assertThat(stored).isEqualTo(first);

    StatusReporter restarted = reporter();
    FlowsEncryptionKeyStatus at4m = pass(restarted, 1L, stored, SEEN.plus(Duration.ofMinutes(4)));
    FlowsEncryptionKeyStatus at6m = pass(restarted, 1L, at4m, SEEN.plus(Duration.ofMinutes(6)));

    assertThat(at4m).as("nothing new to write").isEqualTo(stored);
    assertThat(condition(at6m, Conditions.STALLED).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(condition(at6m, Conditions.STALLED).getLastTransitionTime())
        .isEqualTo("2026-03-01T10:06:00Z");
  }

  @Test
  void aStatusAnOlderOperatorWroteForThisGenerationWaitsNoLonger() {
    FlowsEncryptionKeyStatus older = new FlowsEncryptionKeyStatus();
    older.setObservedGeneration(1L);

    FlowsEncryptionKeyStatus s = pass(reporter(), 1L, older, SEEN);

    assertThat(condition(s, Conditions.STALLED).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(s.getGenerationObservedTime()).isNull();
  }

  @Test
  void otherReasonsToStallDoNotWait() {
    FlowsEncryptionKey r = resource(1L);
    FlowsEncryptionKeyStatus s =
        reporter()
            .verified(
                new ReconcilePass(r, new FlowsEncryptionKeyStatus(), SEEN),
                Mode.Register,
                new KeyOutcome(
                    Optional.empty(),
                    null,
                    false,
                    new KeyVerdict(false, Reasons.INVALID_KEY, "not RSA-2048"),
                    null),
                Optional.empty(),
                List.of(),
                "v24.0",
                Optional.empty(),
                Optional.empty());

    assertThat(condition(s, Conditions.STALLED).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(condition(s, Conditions.STALLED).getReason()).isEqualTo(Reasons.INVALID_KEY);
  }

  /** A pass at {@code at} that finds the passphrase Secret missing. */
  private FlowsEncryptionKeyStatus pass(
      StatusReporter reporter, long generation, FlowsEncryptionKeyStatus before, Instant at) {
    FlowsEncryptionKey r = resource(generation);
    return reporter.verified(
        new ReconcilePass(r, before, at),
        Mode.Register,
        new KeyOutcome(Optional.empty(), null, false, NO_PASSPHRASE, null),
        Optional.empty(),
        List.of(),
        "v24.0",
        Optional.empty(),
        Optional.empty());
  }

  private StatusReporter reporter() {
    return new StatusReporter(new KeyEvents(client, new FixedTime()), () -> {});
  }

  private final String ns = freshNamespace();

  private FlowsEncryptionKey resource(long generation) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName("shop");
    r.getMetadata().setNamespace(ns);
    r.getMetadata().setUid("uid-shop");
    r.getMetadata().setGeneration(generation);
    r.setSpec(spec("shop-key", "106540352242922"));
    return r;
  }

  private static Condition condition(FlowsEncryptionKeyStatus s, String type) {
    return Conditions.find(s.getConditions(), type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
