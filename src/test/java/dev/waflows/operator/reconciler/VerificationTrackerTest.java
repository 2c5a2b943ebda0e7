package dev.waflows.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerificationTrackerTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private final VerificationTracker tracker = new VerificationTracker();

  @Test
  void dueWhenNewWhenInputsChangeAndWhenTheIntervalIsUp() {
    assertThat(tracker.isDue("ns/a", "v1", T0)).isTrue();
    tracker.succeeded("ns/a", "v1", T0, HOUR);
    assertThat(tracker.isDue("ns/a", "v1", T0.plusSeconds(10))).isFalse();
    assertThat(tracker.untilDue("ns/a", T0.plusSeconds(600))).isEqualTo(Duration.ofMinutes(50));
    assertThat(tracker.isDue("ns/a", "v2", T0.plusSeconds(10))).isTrue();
    assertThat(tracker.isDue("ns/a", "v1", T0.plus(HOUR))).isTrue();
  }

  @Test
  void failuresBackOffExponentiallyUpToTheCap() {
    assertThat(tracker.failed("ns/a", "v", T0, HOUR, null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(tracker.failed("ns/a", "v", T0, HOUR, null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(tracker.failed("ns/a", "v", T0, HOUR, null)).isEqualTo(Duration.ofSeconds(20));
    for (int i = 0; i < 20; i++) {
      tracker.failed("ns/a", "v", T0, HOUR, null);
    }
    assertThat(tracker.failed("ns/a", "v", T0, HOUR, null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(tracker.failed("ns/b", "v", T0, Duration.ofMinutes(2), null))
        .isEqualTo(Duration.ofSeconds(5));
    tracker.succeeded("ns/a", "v", T0, HOUR);
    assertThat(tracker.failed("ns/a", "v", T0, HOUR, null))
        .as("success resets")
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void graphsRetryAfterIsHonoured() {
    assertThat(tracker.failed("ns/a", "v", T0, HOUR, Duration.ofMinutes(3)))
        .isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void forgottenResourcesAreDueAgain() {
    tracker.succeeded("ns/a", "v", T0, HOUR);
    tracker.succeeded("ns/b", "v", T0, HOUR);
    tracker.retainOnly(Set.of("ns/b"));
    assertThat(tracker.isDue("ns/a", "v", T0)).isTrue();
    assertThat(tracker.isDue("ns/b", "v", T0)).isFalse();
    tracker.forget("ns/b");
    assertThat(tracker.isDue("ns/b", "v", T0)).isTrue();
  }
}
