package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LowerBoundTest {

  private static final Duration LATENCY = Duration.ofMillis(150);

  @Test
  void keyGenerationAndGraphCallsOverlapTheSlowerSetsThePace() {
    // 1,000 keys at 86 ms on 2 cores: 43 s; 9,000 calls at 200/s: 45 s (32 in flight: 42 s).
    double bound = LowerBound.seconds(0.086, 1000, 2, 9000, LATENCY, 32, 200);

    assertThat(bound).isCloseTo(45 + 0.45, within(1e-9));
  }

  @Test
  void keyGenerationDominatesWhenGraphIsFast() {
    // 100 keys at 86 ms on 2 cores: 4.3 s; 900 calls at 200/s: 4.5 s.
    double bound = LowerBound.seconds(0.086, 100, 1, 900, LATENCY, 32, 200);

    assertThat(bound).isCloseTo(8.6 + 0.45, within(1e-9));
  }

  @Test
  void theInFlightLimitCanBeTheBudget() {
    // 900 calls x 150 ms / 8 in flight: 16.9 s, slower than 900 / 200 = 4.5 s.
    double bound = LowerBound.seconds(0.086, 0, 2, 900, LATENCY, 8, 200);

    assertThat(bound).isCloseTo(900 * 0.15 / 8 + 0.45, within(1e-9));
  }

  @Test
  void oneNumberIsItsChain() {
    double bound = LowerBound.seconds(0.086, 0, 2, 3, LATENCY, 32, 200);

    assertThat(bound).isCloseTo(3 / 200.0 + 0.45, within(1e-9));
  }

  @Test
  void theControlPlanesCpuAddsToKeyGenerationsOnSharedCores() {
    // 1,000 keys at 86 ms (86 s) + 20 s of API server and etcd CPU, on 2 cores: 53 s, now slower
    // than 9,000 calls at 200/s (45 s).
    double bound = LowerBound.secondsWithControlPlane(0.086, 1000, 20, 2, 9000, LATENCY, 32, 200);

    assertThat(bound).isCloseTo(53 + 0.45, within(1e-9));
    assertThat(LowerBound.secondsWithControlPlane(0.086, 1000, 0, 2, 9000, LATENCY, 32, 200))
        .isEqualTo(LowerBound.seconds(0.086, 1000, 2, 9000, LATENCY, 32, 200));
  }
}
