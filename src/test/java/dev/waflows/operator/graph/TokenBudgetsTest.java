package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBudgetsTest {

  private static final long FAR = Duration.ofMinutes(5).toNanos();
  private static final AccessToken A = AccessToken.of("EAAtokenOfBusinessA1234567890abcdef");
  private static final AccessToken B = AccessToken.of("EAAtokenOfBusinessB1234567890abcdef");

  private final FakeTicker time = new FakeTicker();

  @Test
  void eachTokenHasItsOwnBudget() throws Exception {
    TokenBudgets budgets = new TokenBudgets(10, 1, time);
    RequestBudget.Permit busy = budgets.of(A).acquire(time.nanoTime() + FAR);
    budgets.of(A).rateLimited(Duration.ofMinutes(5));

    budgets.of(B).acquire(time.nanoTime()).close();

    assertThat(time.totalSlept()).as("B neither waited for A's pause nor A's slot").isZero();
    assertThat(budgets.of(B).currentRate()).isEqualTo(10.0);
    assertThat(budgets.of(A).currentRate()).isEqualTo(5.0);
    assertThat(budgets.of(AccessToken.of(" EAAtokenOfBusinessA1234567890abcdef\n")))
        .as("the same token, however it was read")
        .isSameAs(budgets.of(A));
    busy.close();
  }

  @Test
  void aTokenSlowsToItsShareAsSoonAsAnotherTokenCalls() throws Exception {
    TokenBudgets budgets = new TokenBudgets(20, 8, time);
    long[] starts = new long[4];
    for (int i = 0; i < 2; i++) {
      budgets.of(A).acquire(time.nanoTime() + FAR).close();
      starts[i] = time.nanoTime();
    }
    long before = time.nanoTime();
    budgets.of(B).acquire(time.nanoTime() + FAR).close();
    assertThat(time.nanoTime()).as("B starts at once").isEqualTo(before);
    for (int i = 2; i < 4; i++) {
      budgets.of(A).acquire(time.nanoTime() + FAR).close();
      starts[i] = time.nanoTime();
    }

    assertThat(starts[1] - starts[0]).as("alone: the whole 20/s").isEqualTo(ms(50));
    assertThat(starts[2] - starts[1]).as("with B calling: 10/s").isEqualTo(ms(100));
    assertThat(starts[3] - starts[2]).isEqualTo(ms(100));
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void idleBudgetsAreForgottenButNotWhileTheyHoldSomething() throws Exception {
    TokenBudgets budgets = new TokenBudgets(1000, 2, time);
    budgets.of(A).pauseFor(Duration.ofMinutes(30));
    RequestBudget.Permit held = budgets.of(B).acquire(time.nanoTime() + FAR);
    budgets.of(AccessToken.of("EAAshortLivedToken1234567890abcdefgh"));

    time.advance(TokenBudgets.IDLE_EVICTION.plusSeconds(1));
    budgets.of(AccessToken.of("EAAnewcomerToken1234567890abcdefghij"));

    assertThat(budgets.size()).as("A paused, B in flight, the newcomer").isEqualTo(3);
    assertThat(budgets.of(A).remainingPause()).isPositive();
    held.close();
    time.advance(Duration.ofMinutes(30));
    budgets.of(AccessToken.of("EAAlateToken1234567890abcdefghijklmn"));
    assertThat(budgets.size()).isEqualTo(1);
  }

  @Test
  void neverHoldsMoreThanItsCap() {
    TokenBudgets budgets = new TokenBudgets(1000, 2, time, 3);
    for (int i = 0; i < 10; i++) {
      budgets.of(AccessToken.of("EAAmanyTokens1234567890abcdefghij" + i));
    }
    assertThat(budgets.size()).isEqualTo(3);
  }

  @Test
  void keepsNoTokenText() {
    TokenBudgets budgets = new TokenBudgets(1000, 2, time);
    budgets.of(A);

    assertThat(budgets.toString()).doesNotContain("EAA").isEqualTo("TokenBudgets[1 tokens]");
  }
}
