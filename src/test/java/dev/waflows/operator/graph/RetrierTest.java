package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {

  private final FakeTicker time = new FakeTicker();
  private final RequestBudget budget = new RequestBudget(1000, 8, time);
  private final AtomicInteger tries = new AtomicInteger();

  private Retrier retrier(int maxAttempts, Duration maxRetryTime) {
    return new Retrier(
        maxAttempts, maxRetryTime, new Backoff(Duration.ofMillis(100), () -> 0.0), time);
  }

  @Test
  void retriesUnavailableWithGrowingBackoffThenGivesUp() {
    GraphApiException failure =
        catchThrowableOfType(
            GraphApiException.class,
            () ->
                retrier(3, Duration.ofMinutes(1))
                    .run(
                        "GET 1",
                        budget,
                        deadline -> fail(GraphErrorReason.GraphUnavailable, null)));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(tries).hasValue(3);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void succeedsAfterARetry() throws GraphApiException {
    String result =
        retrier(3, Duration.ofMinutes(1))
            .run(
                "GET 1",
                budget,
                deadline ->
                    tries.incrementAndGet() == 1
                        ? fail(GraphErrorReason.GraphUnavailable, null)
                        : "ok");

    assertThat(result).isEqualTo("ok");
  }

  @Test
  void neverRetriesWhatAnotherTryCannotFix() {
    for (GraphErrorReason reason :
        new GraphErrorReason[] {
          GraphErrorReason.InvalidToken,
          GraphErrorReason.PermissionDenied,
          GraphErrorReason.InvalidPhoneNumber
        }) {
      tries.set(0);
      GraphApiException failure =
          catchThrowableOfType(
              GraphApiException.class,
              () ->
                  retrier(5, Duration.ofMinutes(1))
                      .run("GET 1", budget, deadline -> fail(reason, null)));

      assertThat(failure.reason()).isEqualTo(reason);
      assertThat(tries).hasValue(1);
    }
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void honoursTheServerHintWhenItFitsAndPausesEverybody() throws GraphApiException {
    String result =
        retrier(3, Duration.ofMinutes(1))
            .run(
                "GET 1",
                budget,
                deadline ->
                    tries.incrementAndGet() == 1
                        ? fail(GraphErrorReason.RateLimited, Duration.ofSeconds(5))
                        : "ok");

    assertThat(result).isEqualTo("ok");
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void givesUpAtOnceWhenTheHintOutlastsTheRetryTimeAndReportsTheWait() {
    GraphApiException failure =
        catchThrowableOfType(
            GraphApiException.class,
            () ->
                retrier(3, Duration.ofSeconds(10))
                    .run(
                        "GET 1",
                        budget,
                        deadline -> fail(GraphErrorReason.RateLimited, Duration.ofMinutes(10))));

    assertThat(tries).hasValue(1);
    assertThat(time.sleeps).isEmpty();
    assertThat(failure.retryAfter()).contains(Duration.ofMinutes(10));
    assertThat(budget.remainingPause()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aFinalRateLimitWithoutHintStillCarriesAWait() {
    GraphApiException failure =
        catchThrowableOfType(
            GraphApiException.class,
            () ->
                retrier(1, Duration.ofSeconds(10))
                    .run("GET 1", budget, deadline -> fail(GraphErrorReason.RateLimited, null)));

    assertThat(failure.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive());
  }

  @Test
  void anInterruptedWaitStopsRetrying() {
    Ticker interrupting =
        new Ticker() {
          @Override
          public long nanoTime() {
            return time.nanoTime();
          }

          @Override
          public java.time.Instant now() {
            return time.now();
          }

          @Override
          public void sleep(Duration duration) throws InterruptedException {
            throw new InterruptedException();
          }
        };
    Retrier retrier =
        new Retrier(
            3, Duration.ofMinutes(1), new Backoff(Duration.ofMillis(100), () -> 0.0), interrupting);

    GraphApiException failure =
        catchThrowableOfType(
            GraphApiException.class,
            () ->
                retrier.run(
                    "GET 1", budget, deadline -> fail(GraphErrorReason.GraphUnavailable, null)));

    assertThat(failure.getMessage()).startsWith("interrupted");
    assertThat(Thread.interrupted()).isTrue();
  }

  private <T> T fail(GraphErrorReason reason, Duration hint) throws GraphApiException {
    tries.incrementAndGet();
    throw GraphApiException.builder(reason, "failed").retryAfter(hint).build();
  }
}
