package dev.waflows.operator.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OwnStatusWritesTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final OwnStatusWrites writes = new OwnStatusWrites(nanos::get);
  private final ResourceID shop = new ResourceID("shop", "team-a");

  @Test
  void aCopyAtTheVersionAWriteWasBasedOnIsBehindUntilTheCacheMovesOn() {
    writes.writing(shop, "41");

    assertThat(writes.behind(shop, "41")).isTrue();
    assertThat(writes.behind(shop, "42")).isFalse();
    assertThat(writes.behind(shop, "41")).as("the write was seen once: done").isFalse();
  }

  @Test
  void theWaitEndsAfterItsBoundEvenIfTheCacheNeverMoves() {
    writes.writing(shop, "41");

    nanos.addAndGet(OwnStatusWrites.AWAITED_AT_MOST.toNanos() - 1);
    assertThat(writes.behind(shop, "41")).isTrue();
    nanos.addAndGet(1);
    assertThat(writes.behind(shop, "41")).isFalse();
  }

  @Test
  void otherResourcesAndForgottenOnesAreNeverBehind() {
    writes.writing(shop, "41");

    assertThat(writes.behind(new ResourceID("shop", "team-b"), "41")).isFalse();
    writes.forget(shop);
    assertThat(writes.behind(shop, "41")).isFalse();
  }
}
