package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FairShareTest {

  private final FakeTicker time = new FakeTicker();
  private final Object a = new Object();
  private final Object b = new Object();

  @Test
  void aTokenAloneHasTheWholeCeiling() {
    FairShare share = new FairShare(20, time);

    assertThat(share.rateFor(a)).isEqualTo(20.0);
    assertThat(share.rateFor(a)).isEqualTo(20.0);
  }

  @Test
  void tokensCallingAtTheSameTimeShareItEqually() {
    FairShare share = new FairShare(20, time);
    share.rateFor(a);

    assertThat(share.rateFor(b)).isEqualTo(10.0);
    assertThat(share.rateFor(a)).isEqualTo(10.0);
  }

  @Test
  void aTokenThatStoppedCallingGivesItsShareBack() {
    FairShare share = new FairShare(20, time);
    share.rateFor(a);
    share.rateFor(b);

    time.advance(FairShare.ACTIVE_WINDOW);

    assertThat(share.rateFor(a)).isEqualTo(20.0);
    assertThat(share.active()).isEqualTo(1);
  }

  @Test
  void aShareNeverDropsBelowOneStartPerWindow() {
    FairShare share = new FairShare(20, time);
    for (int i = 0; i < 1000; i++) {
      share.rateFor(new Object());
    }

    assertThat(share.rateFor(a)).isEqualTo(1.0 / FairShare.ACTIVE_WINDOW.toSeconds());
  }
}
