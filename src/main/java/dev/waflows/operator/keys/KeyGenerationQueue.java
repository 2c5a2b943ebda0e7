package dev.waflows.operator.keys;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Key pairs for callers that must not wait for one, such as a reconcile thread shared with every
 * other resource. A caller asks with {@link #take}: when the generator is idle the pair is made at
 * once, on the caller's thread; when it is busy the caller is queued, in arrival order, and told
 * later (the {@code ready} callback) that its pair waits for its next {@link #take}.
 *
 * <p>Why: in a burst (thousands of rotations asked at once) callers that block on the generator
 * hold every reconcile thread, and the work that follows a key (registering it, checking other
 * resources) queues behind the last key. Queued here, that work goes on while keys are made.
 *
 * <p>A pair nobody took within {@code keepFor} is dropped: it was never stored or registered, and
 * an unused private key is not kept in memory for long.
 *
 * @param <K> what identifies a caller
 */
public final class KeyGenerationQueue<K> {

  private final RsaKeyGenerator generator;
  private final Consumer<K> ready;
  private final Duration keepFor;
  private final Supplier<Instant> clock;
  private final ExecutorService workers;

  // Guarded by this: callers waiting for a pair, in arrival order, and pairs made for them.
  private final Set<K> waiting = new LinkedHashSet<>();
  private final Map<K, Made> made = new HashMap<>();

  private record Made(KeyPair pair, Instant at) {}

  /**
   * @param workers threads that generate for waiting callers; the generator's own bound still
   *     applies, shared with callers it serves at once
   * @param ready told, on a worker thread, that a caller's pair is made
   * @param keepFor how long a made pair waits for its caller
   */
  public KeyGenerationQueue(
      RsaKeyGenerator generator,
      int workers,
      Consumer<K> ready,
      Duration keepFor,
      Supplier<Instant> clock) {
    this.generator = generator;
    this.ready = ready;
    this.keepFor = keepFor;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "key-generation-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The pair made for {@code caller}, or one made now if the generator is idle and nobody waits;
   * otherwise empty, and {@code caller} waits in line (once, however often it asks).
   */
  public Optional<KeyPair> take(K caller) {
    synchronized (this) {
      dropExpired();
      Made pair = made.remove(caller);
      if (pair != null) {
        return Optional.of(pair.pair());
      }
      if (waiting.contains(caller)) {
        return Optional.empty();
      }
      if (!waiting.isEmpty()) {
        return enqueue(caller);
      }
    }
    Optional<KeyPair> now = generator.generateIfIdle();
    if (now.isPresent()) {
      return now;
    }
    synchronized (this) {
      return enqueue(caller);
    }
  }

  /** Whether a pair made for {@code caller} waits for it. */
  public synchronized boolean hasPairFor(K caller) {
    dropExpired();
    return made.containsKey(caller);
  }

  /** How many callers wait for a pair. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /** {@code caller} no longer wants a pair: its place in line and any pair made for it go. */
  public synchronized void forget(K caller) {
    waiting.remove(caller);
    made.remove(caller);
  }

  /** Stops the workers; callers still waiting get no pair. */
  public void shutdown() {
    workers.shutdownNow();
  }

  // Called holding the lock.
  private Optional<KeyPair> enqueue(K caller) {
    if (waiting.add(caller)) {
      workers.execute(() -> generateFor(caller));
    }
    return Optional.empty();
  }

  private void generateFor(K caller) {
    Optional<KeyPair> pair;
    try {
      pair = generator.generateIf(() -> isWaiting(caller));
    } catch (RuntimeException e) {
      // Interrupted (stopping) or the JDK refused: the caller asks again on its next pass.
      forget(caller);
      return;
    }
    boolean stored;
    synchronized (this) {
      stored = pair.isPresent() && waiting.remove(caller);
      if (stored) {
        made.put(caller, new Made(pair.get(), clock.get()));
      }
    }
    if (stored) {
      ready.accept(caller);
    }
  }

  private synchronized boolean isWaiting(K caller) {
    return waiting.contains(caller);
  }

  private void dropExpired() {
    Instant oldest = clock.get().minus(keepFor);
    made.values().removeIf(m -> m.at().isBefore(oldest));
  }
}
