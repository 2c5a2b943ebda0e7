package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {

  private static final long FAR = Duration.ofMinutes(5).toNanos();

  private final FakeTicker time = new FakeTicker();

  @Test
  void spacesRequestStartsByTheRate() throws Exception {
    RequestBudget budget = new RequestBudget(20, 8, time);
    List<Long> starts = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      budget.acquire(time.nanoTime() + FAR).close();
      starts.add(time.nanoTime());
    }

    for (int i = 1; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - 1)).isEqualTo(Duration.ofMillis(50).toNanos());
    }
  }

  @Test
  void aPauseHoldsEverybody() throws Exception {
    RequestBudget budget = new RequestBudget(1000, 8, time);
    budget.pauseFor(Duration.ofSeconds(3));
    long before = time.nanoTime();

    budget.acquire(time.nanoTime() + FAR).close();

    assertThat(time.nanoTime() - before).isEqualTo(Duration.ofSeconds(3).toNanos());
    assertThat(budget.remainingPause()).isZero();
  }

  @Test
  void aPauseIsNeverShortened() {
    RequestBudget budget = new RequestBudget(1000, 8, time);
    budget.pauseFor(Duration.ofSeconds(60));
    budget.pauseFor(Duration.ofSeconds(1));

    assertThat(budget.remainingPause()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void refusesAtOnceWhenThePauseOutlastsTheCaller() {
    RequestBudget budget = new RequestBudget(1000, 8, time);
    budget.pauseFor(Duration.ofSeconds(120));

    GraphApiException refusal =
        catchThrowableOfType(
            GraphApiException.class,
            () -> budget.acquire(time.nanoTime() + Duration.ofSeconds(10).toNanos()));

    assertThat(refusal.reason()).isEqualTo(GraphErrorReason.RateLimited);
    assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(refusal.isRetryable()).isFalse();
    assertThat(refusal.getMessage()).startsWith("request not sent");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void refusesWhenTheRateCannotFitTheDeadline() throws Exception {
    RequestBudget budget = new RequestBudget(1, 8, time);
    budget.acquire(time.nanoTime() + FAR).close();

    GraphApiException refusal =
        catchThrowableOfType(
            GraphApiException.class,
            () -> budget.acquire(time.nanoTime() + Duration.ofMillis(100).toNanos()));

    assertThat(refusal.reason()).isEqualTo(GraphErrorReason.RateLimited);
    // The refused caller did not use up the slot: the next one gets it.
    budget.acquire(time.nanoTime() + FAR).close();
    assertThat(time.totalSlept()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void limitsRequestsInFlight() throws Exception {
    RequestBudget budget = new RequestBudget(1000, 2, time);
    RequestBudget.Permit first = budget.acquire(time.nanoTime() + FAR);
    RequestBudget.Permit second = budget.acquire(time.nanoTime() + FAR);

    // No wait allowed (deadline now): the third caller is refused, not queued.
    GraphApiException refusal =
        catchThrowableOfType(GraphApiException.class, () -> budget.acquire(time.nanoTime()));
    assertThat(refusal.reason()).isEqualTo(GraphErrorReason.RateLimited);

    first.close();
    budget.acquire(time.nanoTime() + FAR).close();
    second.close();
  }

  @Test
  void aRateLimitHalvesTheRateOnceASecondAndQuietSecondsGiveItBack() throws Exception {
    RequestBudget budget = new RequestBudget(40, 8, time);

    budget.rateLimited(Duration.ZERO);
    budget.rateLimited(Duration.ZERO); // the other callers in flight saw the same 429
    assertThat(budget.currentRate()).isEqualTo(20.0);
    time.advance(Duration.ofSeconds(1));
    budget.rateLimited(Duration.ZERO);
    assertThat(budget.currentRate()).isEqualTo(10.0);

    long before = time.nanoTime();
    budget.acquire(time.nanoTime() + FAR).close();
    budget.acquire(time.nanoTime() + FAR).close();
    assertThat(time.nanoTime() - before)
        .as("starts spaced at the lowered rate")
        .isEqualTo(Duration.ofMillis(100).toNanos());

    time.advance(Duration.ofSeconds(3));
    budget.answered();
    assertThat(budget.currentRate()).as("+1/20 of 40 per quiet second").isEqualTo(16.0);
    time.advance(Duration.ofSeconds(60));
    budget.answered();
    assertThat(budget.currentRate()).as("never above the configured rate").isEqualTo(40.0);
  }

  @Test
  void theRateNeverDropsToNothing() {
    RequestBudget budget = new RequestBudget(1, 8, time);
    for (int i = 0; i < 20; i++) {
      budget.rateLimited(Duration.ZERO);
      time.advance(Duration.ofSeconds(1));
    }
    assertThat(budget.currentRate()).isEqualTo(0.2);
  }
}
