package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.sandbox.SecondCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstSummaryTest {

  @Test
  void aBurstAtTheStartIsItsPeakAndItsFirstMinute() {
    List<SecondCount> timeline =
        List.of(
            new SecondCount(99, 500, 0), // before the window: not counted
            new SecondCount(105, 200, 0),
            new SecondCount(106, 100, 0),
            new SecondCount(170, 10, 0),
            new SecondCount(190, 7, 0)); // after the window: not counted

    BurstSummary s = BurstSummary.of(timeline, 100, 90);

    assertThat(s.peak()).isEqualTo(200);
    assertThat(s.peakAt()).isEqualTo(5);
    assertThat(s.firstMinute()).isEqualTo(300);
    assertThat(s.total()).isEqualTo(310);
    assertThat(s.ninetyPercentBy()).isEqualTo(7);
    assertThat(s.secondsWithCalls()).isEqualTo(3);
    assertThat(s.buckets(30)).containsExactly(300, 0, 10);
  }

  @Test
  void callsSpreadEvenlyReachNinetyPercentLate() {
    List<SecondCount> timeline =
        java.util.stream.IntStream.range(0, 100).mapToObj(i -> new SecondCount(i, 2, 0)).toList();

    BurstSummary s = BurstSummary.of(timeline, 0, 100);

    assertThat(s.peak()).isEqualTo(2);
    assertThat(s.firstMinute()).isEqualTo(120);
    assertThat(s.ninetyPercentBy()).isEqualTo(90);
    assertThat(s.secondsWithCalls()).isEqualTo(100);
  }

  @Test
  void noCallsAtAll() {
    BurstSummary s = BurstSummary.of(List.of(), 0, 60);

    assertThat(s.peak()).isZero();
    assertThat(s.total()).isZero();
    assertThat(s.ninetyPercentBy()).isZero();
  }
}
