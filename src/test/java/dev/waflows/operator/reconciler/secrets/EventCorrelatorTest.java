package dev.waflows.operator.reconciler.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final EventCorrelator.Key KEY =
      new EventCorrelator.Key("uid-1", "Warning", "InvalidToken", "the token was refused");

  private final EventCorrelator correlator = new EventCorrelator();

  @Test
  void aRepeatWithinTheWindowIsFoldedIntoTheFirstWithItsCountRaised() {
    assertThat(correlator.repeat(KEY, T0)).isEmpty();
    correlator.created(KEY, "shop.abc", T0);
    assertThat(correlator.repeat(KEY, T0.plusSeconds(60)))
        .contains(new EventCorrelator.Stored("shop.abc", 2, T0, T0.plusSeconds(60)));
    assertThat(correlator.repeat(KEY, T0.plusSeconds(120)))
        .contains(new EventCorrelator.Stored("shop.abc", 3, T0, T0.plusSeconds(120)));
  }

  @Test
  void theWindowRunsFromTheLastRepeat() {
    correlator.created(KEY, "shop.abc", T0);
    assertThat(correlator.repeat(KEY, T0.plus(Duration.ofMinutes(9)))).isPresent();
    assertThat(correlator.repeat(KEY, T0.plus(Duration.ofMinutes(18)))).isPresent();
    assertThat(correlator.repeat(KEY, T0.plus(Duration.ofMinutes(29)))).isEmpty();
  }

  @Test
  void anotherObjectReasonOrMessageIsAnotherEvent() {
    correlator.created(KEY, "shop.abc", T0);
    assertThat(
            correlator.repeat(
                new EventCorrelator.Key("uid-2", KEY.type(), KEY.reason(), KEY.message()), T0))
        .isEmpty();
    assertThat(
            correlator.repeat(
                new EventCorrelator.Key(KEY.objectUid(), KEY.type(), "RateLimited", KEY.message()),
                T0))
        .isEmpty();
    assertThat(
            correlator.repeat(
                new EventCorrelator.Key(KEY.objectUid(), KEY.type(), KEY.reason(), "other"), T0))
        .isEmpty();
  }

  @Test
  void aForgottenEventStartsAgainAndMemoryIsBounded() {
    correlator.created(KEY, "shop.abc", T0);
    correlator.forget(KEY);
    assertThat(correlator.repeat(KEY, T0)).isEmpty();

    for (int i = 0; i <= EventCorrelator.CAPACITY; i++) {
      correlator.created(new EventCorrelator.Key("uid-" + i, "Normal", "R", "m"), "e" + i, T0);
    }
    assertThat(correlator.repeat(new EventCorrelator.Key("uid-0", "Normal", "R", "m"), T0))
        .as("the oldest was let go")
        .isEmpty();
    assertThat(
            correlator.repeat(
                new EventCorrelator.Key("uid-" + EventCorrelator.CAPACITY, "Normal", "R", "m"), T0))
        .isPresent();
  }
}
