package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateCeilingTest {

  private static final long FAR = Duration.ofMinutes(5).toNanos();

  private final FakeTicker time = new FakeTicker();

  @Test
  void spacesStartsAcrossEveryCaller() throws Exception {
    RateCeiling ceiling = new RateCeiling(20, time);
    long first = time.nanoTime();

    for (int i = 0; i < 4; i++) {
      ceiling.awaitStart(time.nanoTime() + FAR);
    }

    assertThat(time.nanoTime() - first).isEqualTo(Duration.ofMillis(150).toNanos());
  }

  @Test
  void refusesUnsentWhenNoStartFitsTheDeadline() throws Exception {
    RateCeiling ceiling = new RateCeiling(1, time);
    ceiling.awaitStart(time.nanoTime());

    GraphApiException refusal =
        catchThrowableOfType(
            GraphApiException.class,
            () -> ceiling.awaitStart(time.nanoTime() + Duration.ofMillis(100).toNanos()));

    assertThat(refusal.reason()).isEqualTo(GraphErrorReason.RateLimited);
    assertThat(refusal.isRetryable()).isFalse();
    assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(time.sleeps).isEmpty();
  }
}
