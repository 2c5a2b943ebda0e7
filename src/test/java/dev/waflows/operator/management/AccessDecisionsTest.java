package dev.waflows.operator.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waflows.operator.management.AccessReviewer.Access;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccessDecisionsTest {

  /** Tokens the fake API server knows, and what it says of them; counts every review. */
  static final class FakeReviewer implements AccessReviewer {
    final Map<String, Access> answers = new ConcurrentHashMap<>();
    final AtomicInteger reviews = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile boolean failing;

    @Override
    public Access review(String token) throws Exception {
      reviews.incrementAndGet();
      gate.await(10, TimeUnit.SECONDS);
      if (failing) {
        throw new IllegalStateException("API server unreachable");
      }
      return answers.getOrDefault(token, Access.UNAUTHENTICATED);
    }
  }

  private final FakeReviewer reviewer = new FakeReviewer();
  private final AtomicLong now = new AtomicLong();
  private final AccessDecisions.Settings settings =
      new AccessDecisions.Settings(
          Duration.ofSeconds(60), Duration.ofSeconds(10), 3, 2, Duration.ofMillis(500));

  private AccessDecisions decisions() {
    return new AccessDecisions(reviewer, settings, now::get);
  }

  @Test
  void aRememberedDecisionCostsNoSecondReviewUntilItExpires() throws Exception {
    reviewer.answers.put("prometheus", Access.ALLOWED);
    try (AccessDecisions d = decisions()) {
      assertThat(d.decide("prometheus").get(2, TimeUnit.SECONDS)).isEqualTo(Access.ALLOWED);
      // Scrapes every 15 s within the minute: no review.
      for (int i = 1; i <= 3; i++) {
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThat(d.decide("prometheus").get(2, TimeUnit.SECONDS)).isEqualTo(Access.ALLOWED);
      }
      assertThat(reviewer.reviews).hasValue(1);
      now.addAndGet(Duration.ofSeconds(16).toNanos());
      assertThat(d.decide("prometheus").get(2, TimeUnit.SECONDS)).isEqualTo(Access.ALLOWED);
      assertThat(reviewer.reviews).hasValue(2);
    }
  }

  @Test
  void refusalsAreRememberedForLessTime() throws Exception {
    reviewer.answers.put("someone", Access.FORBIDDEN);
    try (AccessDecisions d = decisions()) {
      assertThat(d.decide("someone").get(2, TimeUnit.SECONDS)).isEqualTo(Access.FORBIDDEN);
      assertThat(d.decide("unknown").get(2, TimeUnit.SECONDS)).isEqualTo(Access.UNAUTHENTICATED);
      now.addAndGet(Duration.ofSeconds(9).toNanos());
      d.decide("someone").get(2, TimeUnit.SECONDS);
      d.decide("unknown").get(2, TimeUnit.SECONDS);
      assertThat(reviewer.reviews).hasValue(2);
      // A Role granted meanwhile takes effect after ten seconds.
      reviewer.answers.put("someone", Access.ALLOWED);
      now.addAndGet(Duration.ofSeconds(2).toNanos());
      assertThat(d.decide("someone").get(2, TimeUnit.SECONDS)).isEqualTo(Access.ALLOWED);
      assertThat(reviewer.reviews).hasValue(3);
    }
  }

  @Test
  void atMostMaxEntriesAreRememberedTheOldestForgottenFirst() throws Exception {
    try (AccessDecisions d = decisions()) {
      for (String t : List.of("a", "b", "c", "d")) {
        d.decide(t).get(2, TimeUnit.SECONDS);
      }
      assertThat(d.remembered()).isEqualTo(3);
      d.decide("d").get(2, TimeUnit.SECONDS);
      assertThat(reviewer.reviews).as("d still remembered").hasValue(4);
      d.decide("a").get(2, TimeUnit.SECONDS);
      assertThat(reviewer.reviews).as("a was pushed out").hasValue(5);
    }
  }

  @Test
  void keysAreHashesNotTokens() {
    String key = AccessDecisions.key("secret-token");
    assertThat(key)
        .hasSize(64)
        .doesNotContain("secret")
        .isEqualTo(AccessDecisions.key("secret-token"));
    assertThat(AccessDecisions.key("secret-token2")).isNotEqualTo(key);
  }

  @Test
  void requestsWithTheSameTokenShareOneReview() throws Exception {
    reviewer.answers.put("prometheus", Access.ALLOWED);
    reviewer.gate = new CountDownLatch(1);
    try (AccessDecisions d = decisions()) {
      List<CompletableFuture<Access>> waiting = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        waiting.add(d.decide("prometheus"));
      }
      reviewer.gate.countDown();
      for (CompletableFuture<Access> f : waiting) {
        assertThat(f.get(2, TimeUnit.SECONDS)).isEqualTo(Access.ALLOWED);
      }
      assertThat(reviewer.reviews).hasValue(1);
    }
  }

  @Test
  void aFloodOfNewTokensIsRefusedAtOnceBeyondTheReviewsInFlight() throws Exception {
    reviewer.gate = new CountDownLatch(1);
    try (AccessDecisions d = decisions()) {
      List<CompletableFuture<Access>> admitted = List.of(d.decide("x1"), d.decide("x2"));
      for (int i = 3; i < 100; i++) {
        CompletableFuture<Access> refused = d.decide("x" + i);
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(AccessDecisions.Busy.class);
      }
      reviewer.gate.countDown();
      for (CompletableFuture<Access> f : admitted) {
        assertThat(f.get(2, TimeUnit.SECONDS)).isEqualTo(Access.UNAUTHENTICATED);
      }
      assertThat(reviewer.reviews).hasValue(2);
      // The slots are free again.
      assertThat(d.decide("x200").get(2, TimeUnit.SECONDS)).isEqualTo(Access.UNAUTHENTICATED);
    }
  }

  @Test
  void aSlowReviewTimesOutAndAFailedOneIsNotRemembered() throws Exception {
    reviewer.answers.put("prometheus", Access.ALLOWED);
    reviewer.gate = new CountDownLatch(1);
    try (AccessDecisions d = decisions()) {
      assertThatThrownBy(() -> d.decide("prometheus").get(2, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class);
      reviewer.failing = true;
      reviewer.gate.countDown();
      // Wait for the failed review to end (its slot is freed then).
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> d.decide("prometheus").get(2, TimeUnit.SECONDS))
                      .hasRootCauseMessage("API server unreachable"));
      reviewer.failing = false;
      assertThat(d.decide("prometheus").get(2, TimeUnit.SECONDS)).isEqualTo(Access.ALLOWED);
      assertThat(d.remembered()).isEqualTo(1);
    }
  }
}
