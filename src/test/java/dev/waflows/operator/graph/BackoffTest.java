package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesEachRetryWithinTheJitterBand() {
    Backoff top = new Backoff(Duration.ofMillis(500), () -> 0.999999);
    Backoff bottom = new Backoff(Duration.ofMillis(500), () -> 0.0);

    assertThat(bottom.delayBeforeRetry(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(bottom.delayBeforeRetry(2)).isEqualTo(Duration.ofMillis(500));
    assertThat(bottom.delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(1000));
    assertThat(top.delayBeforeRetry(3)).isBetween(Duration.ofMillis(1999), Duration.ofMillis(2000));
  }

  @Test
  void isCappedAndNeverOverflows() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), () -> 1.0);

    assertThat(backoff.delayBeforeRetry(5)).isEqualTo(Backoff.MAX_DELAY);
    assertThat(backoff.delayBeforeRetry(Integer.MAX_VALUE)).isEqualTo(Backoff.MAX_DELAY);
    assertThat(new Backoff(Duration.ofDays(365), () -> 1.0).delayBeforeRetry(40))
        .isEqualTo(Backoff.MAX_DELAY);
  }
}
