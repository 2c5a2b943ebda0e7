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
    tracker.succeeded(A, V1, T0, HOUR);
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
    tracker.succeeded(A, V, T0, HOUR);
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
    tracker.succeeded(A, V, T0, HOUR);
    tracker.succeeded(B, V, T0, HOUR);
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
}
