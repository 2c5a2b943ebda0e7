package dev.waflows.operator.reconciler.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Mode;
import dev.waflows.operator.reconciler.secrets.SecretVersions;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTrackerTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final ResourceID A = new ResourceID("a", "ns");
  private static final ResourceID B = new ResourceID("b", "ns");
  private static final VerificationInputs V = inputs("1");
  private static final VerificationInputs V1 = inputs("1");
  private static final VerificationInputs V2 = inputs("2");
  private final VerificationTracker tracker = new VerificationTracker();

  private static VerificationInputs inputs(String tokenVersion) {
    return new VerificationInputs(
        1, Mode.Register, new SecretVersions("7", "-", tokenVersion), "", "", Map.of());
  }

  @Test
  void dueWhenNewWhenInputsChangeAndWhenTheIntervalIsUp() {
    assertThat(tracker.isDue(A, V1, T0)).isTrue();
    tracker.succeeded(A, V1, T0, HOUR, HOUR);
    assertThat(tracker.isDue(A, V1, T0.plusSeconds(10))).isFalse();
    assertThat(tracker.untilDue(A, T0.plusSeconds(600))).isEqualTo(Duration.ofMinutes(50));
    assertThat(tracker.isDue(A, V2, T0.plusSeconds(10))).isTrue();
    assertThat(tracker.isDue(A, V1, T0.plus(HOUR))).isTrue();
  }

  @Test
  void aConflictedResourceIsDueAtOnceWhenTheOtherOwnerGoesNotWhenItsBackoffEnds() {
    VerificationInputs waiting =
        new VerificationInputs(
            1,
            Mode.Register,
            new SecretVersions("7", "-", "1"),
            "",
            "",
            Map.of("106540352242922", "the FlowsEncryptionKey holder in this namespace"));
    tracker.failed(A, waiting, T0, HOUR, null);
    tracker.failed(A, waiting, T0, HOUR, null);
    assertThat(tracker.isDue(A, waiting, T0.plusSeconds(5))).isFalse();
    assertThat(tracker.isDue(A, V, T0.plusSeconds(5))).as("nobody else owns it now").isTrue();
  }

  @Test
  void failuresBackOffExponentiallyUpToTheCap() {
    assertThat(tracker.failed(A, V, T0, HOUR, null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(tracker.failed(A, V, T0, HOUR, null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(tracker.failed(A, V, T0, HOUR, null)).isEqualTo(Duration.ofSeconds(20));
    for (int i = 0; i < 20; i++) {
      tracker.failed(A, V, T0, HOUR, null);
    }
    assertThat(tracker.failed(A, V, T0, HOUR, null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(tracker.failed(B, V, T0, Duration.ofMinutes(2), null))
        .isEqualTo(Duration.ofSeconds(5));
    tracker.succeeded(A, V, T0, HOUR, HOUR);
    assertThat(tracker.failed(A, V, T0, HOUR, null))
        .as("success resets")
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void graphsRetryAfterIsHonoured() {
    assertThat(tracker.failed(A, V, T0, HOUR, Duration.ofMinutes(3)))
        .isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void forgottenResourcesAreDueAgain() {
    tracker.succeeded(A, V, T0, HOUR, HOUR);
    tracker.succeeded(B, V, T0, HOUR, HOUR);
    tracker.forget(A);
    assertThat(tracker.isDue(A, V, T0)).isTrue();
    assertThat(tracker.isDue(B, V, T0)).isFalse();
  }

  @Test
  void aDeferredFirstCheckWaitsUnlessTheInputsChange() {
    tracker.deferFirstCheck(A, V1, T0, Duration.ofMinutes(20));
    assertThat(tracker.knows(A)).isTrue();
    assertThat(tracker.isDue(A, V1, T0.plusSeconds(60))).isFalse();
    assertThat(tracker.untilDue(A, T0)).isEqualTo(Duration.ofMinutes(20));
    assertThat(tracker.isDue(A, V2, T0.plusSeconds(60))).as("changed inputs go first").isTrue();
    assertThat(tracker.isDue(A, V1, T0.plus(Duration.ofMinutes(20)))).isTrue();
  }

  @Test
  void aRotationStepBetweenChecksAsksGraphNothingAndKeepsTheCheckWhereItWas() {
    tracker.succeeded(A, V1, T0, HOUR, HOUR);
    // The rotate-requested-at annotation wakes the resource...
    VerificationInputs requested = V1.withRotateRequestedAt("r1");
    Instant t = T0.plus(Duration.ofMinutes(10));
    assertThat(tracker.isDue(A, requested, t)).isTrue();
    // ... but Graph holds what the check at T0 saw.
    assertThat(tracker.needsCheck(A, requested, t)).isFalse();
    // The pass writes the new pair and waits registerAfter (2 minutes).
    VerificationInputs written =
        new VerificationInputs(
            1, Mode.Register, new SecretVersions("8", "-", "1"), "", "r1", Map.of());
    assertThat(tracker.skippedCheck(A, written, t, Duration.ofMinutes(2)))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(tracker.isDue(A, written, t.plus(Duration.ofMinutes(2)))).isTrue();
    assertThat(tracker.needsCheck(A, written, t.plus(Duration.ofMinutes(2))))
        .as("our own Secret write is recorded, the check stays an interval after T0")
        .isFalse();
    assertThat(tracker.needsCheck(A, written, T0.plus(HOUR))).isTrue();
  }

  @Test
  void aSkippedCheckNeverPutsTheIntervalsCheckOff() {
    tracker.succeeded(A, V1, T0, HOUR, HOUR);
    Instant t = T0.plus(Duration.ofMinutes(50));
    assertThat(tracker.skippedCheck(A, V1, t, HOUR))
        .as("the next pass comes at the check, an hour after T0")
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aNewFailedOrChangedResourceNeedsACheck() {
    assertThat(tracker.needsCheck(A, V1, T0)).as("new").isTrue();
    tracker.failed(A, V1, T0, HOUR, null);
    assertThat(tracker.needsCheck(A, V1, T0.plusSeconds(30))).as("failed last time").isTrue();
    tracker.succeeded(A, V1, T0, HOUR, Duration.ofMinutes(1));
    assertThat(tracker.needsCheck(A, V1, T0.plusSeconds(90)))
        .as("woken early for a rotation step, the check is still an interval away")
        .isFalse();
    assertThat(tracker.needsCheck(A, V2, T0.plusSeconds(90))).as("token changed").isTrue();
  }
}
