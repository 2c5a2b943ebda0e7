package dev.waflows.operator.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceMemoryTest {

  private final List<ResourceID> schedule = new ArrayList<>();
  private final List<ResourceID> keys = new ArrayList<>();
  private final ResourceMemory memory = new ResourceMemory(List.of(schedule::add, keys::add));
  private final ResourceID a = new ResourceID("a", "ns");
  private final ResourceID b = new ResourceID("b", "ns");
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void forgetReachesEveryPart() {
    memory.forget(a);
    assertThat(schedule).containsExactly(a);
    assertThat(keys).containsExactly(a);
  }

  @Test
  void theSweepForgetsWhatTheCacheNoLongerHoldsAndOnlyThat() {
    memory.remember(a);
    memory.remember(b);

    assertThat(memory.sweep(t0, id -> id.equals(a))).isEqualTo(1);
    assertThat(schedule).containsExactly(b);
    assertThat(keys).containsExactly(b);
  }

  @Test
  void theSweepRunsAtMostOncePerPeriodAndForgetsEachResourceOnce() {
    memory.remember(a);
    assertThat(memory.sweep(t0, id -> true)).isZero();
    // Gone now, but the next sweep is not due yet.
    assertThat(memory.sweep(t0.plusSeconds(1), id -> false)).isZero();
    assertThat(schedule).isEmpty();

    Instant due = t0.plus(ResourceMemory.SWEEP_EVERY);
    assertThat(memory.sweep(due, id -> false)).isEqualTo(1);
    assertThat(memory.sweep(due.plus(ResourceMemory.SWEEP_EVERY), id -> false)).isZero();
    assertThat(schedule).containsExactly(a);
  }
}
