package dev.waflows.operator.reconciler.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Folds repeats of one Event into the first, as client-go's recorder does: the same object, type,
 * reason and message within {@link #WINDOW} raise the stored Event's count instead of adding an
 * Event, so that {@code kubectl describe} shows "(x5 over 3m)" rather than five lines. Pure and
 * bounded: it remembers the most recent {@link #CAPACITY} Events.
 */
final class EventCorrelator {

  static final Duration WINDOW = Duration.ofMinutes(10);
  static final int CAPACITY = 4096;

  /** What makes two Events the same. */
  record Key(String objectUid, String type, String reason, String message) {}

  /** An Event stored earlier: its name, how often it happened, when first. */
  record Stored(String name, int count, Instant first, Instant last) {}

  private final Map<Key, Stored> recent =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Stored> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * The stored Event a repeat at {@code now} is folded into, with its count and last time already
   * raised; empty when a new Event must be created.
   */
  synchronized Optional<Stored> repeat(Key key, Instant now) {
    Stored s = recent.get(key);
    if (s == null || Duration.between(s.last(), now).compareTo(WINDOW) > 0) {
      return Optional.empty();
    }
    Stored next = new Stored(s.name(), s.count() + 1, s.first(), now);
    recent.put(key, next);
    return Optional.of(next);
  }

  /** Remembers an Event just created under {@code name}. */
  synchronized void created(Key key, String name, Instant now) {
    recent.put(key, new Stored(name, 1, now, now));
  }

  /** Forgets an Event that could not be updated (deleted by its time to live, for instance). */
  synchronized void forget(Key key) {
    recent.remove(key);
  }
}
