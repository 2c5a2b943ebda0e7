package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.testing.BusyKeyGenerator;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyGenerationQueueTest {

  private static final Duration KEEP_FOR = Duration.ofMinutes(5);

  private final AtomicInteger generated = new AtomicInteger();
  // One slot, and a "key" that is a fresh object per generation: which caller got which is seen.
  private final RsaKeyGenerator generator =
      new RsaKeyGenerator(
          1,
          () -> {
            generated.incrementAndGet();
            return new KeyPair(null, null);
          });
  private final List<String> told = new CopyOnWriteArrayList<>();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-05T20:00:00Z"));
  private final KeyGenerationQueue<String> queue =
      new KeyGenerationQueue<>(generator, 1, told::add, KEEP_FOR, now::get);
  private BusyKeyGenerator others;

  @AfterEach
  void stop() {
    if (others != null) {
      others.close();
    }
    queue.shutdown();
  }

  @Test
  void anIdleGeneratorMakesThePairAtOnceForTheCaller() {
    assertThat(queue.take("a")).isPresent();
    assertThat(generated).hasValue(1);
    assertThat(queue.waiting()).isZero();
    assertThat(told).as("nobody waited, nobody is told").isEmpty();
  }

  @Test
  void aBusyGeneratorQueuesCallersInArrivalOrderOnceEachAndTellsThemWhenTheirPairIsMade()
      throws Exception {
    others = BusyKeyGenerator.hold(generator);
    assertThat(queue.take("a")).isEmpty();
    assertThat(queue.take("b")).isEmpty();
    assertThat(queue.take("a")).as("asking again keeps its place").isEmpty();
    assertThat(queue.waiting()).isEqualTo(2);

    others.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 2);
    assertThat(told).containsExactly("a", "b");
    assertThat(generated).hasValue(2);
    assertThat(queue.hasPairFor("a")).isTrue();
    KeyPair a = queue.take("a").orElseThrow();
    assertThat(queue.hasPairFor("a")).as("taken once").isFalse();
    assertThat(queue.take("b")).get().isNotSameAs(a);
  }

  @Test
  void aForgottenCallerGetsNoPairAndCostsNoGeneration() throws Exception {
    others = BusyKeyGenerator.hold(generator);
    queue.take("a");
    queue.take("b");
    queue.forget("a");

    others.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 1);
    assertThat(told).containsExactly("b");
    assertThat(generated).hasValue(1);
    assertThat(queue.hasPairFor("a")).isFalse();
  }

  @Test
  void aPairNobodyTakesIsDroppedAfterItsTime() throws Exception {
    others = BusyKeyGenerator.hold(generator);
    queue.take("a");
    others.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.hasPairFor("a"));

    now.set(now.get().plus(KEEP_FOR).plusSeconds(1));
    assertThat(queue.hasPairFor("a")).isFalse();
    assertThat(queue.take("a")).as("made anew, the generator being idle").isPresent();
    assertThat(generated).hasValue(2);
  }
}
