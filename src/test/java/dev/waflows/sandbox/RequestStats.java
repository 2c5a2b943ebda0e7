package dev.waflows.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counters and a request log, so tests can assert how a client behaved (e.g. "one GET per number,
 * no POST" in steady state).
 *
 * <p>Every GET and POST on the encryption endpoint counts, whatever its outcome: a client that
 * retries after a 500 made two calls, and that is what a test wants to see.
 */
final class RequestStats {
  // Bounded so that a long benchmark against the standalone server cannot exhaust memory.
  private static final int MAX_LOG = 10_000;
  private static final int MAX_SECONDS = 3_600;

  private static final class PerNumber {
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();
  }

  private final ConcurrentMap<String, PerNumber> perNumber = new ConcurrentHashMap<>();
  private final AtomicInteger gets = new AtomicInteger();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final Queue<RequestRecord> log = new ConcurrentLinkedQueue<>();
  private final AtomicInteger logSize = new AtomicInteger();
  // Calls and refusals per wall-clock second, for rate plots; bounded like the log.
  private final ConcurrentSkipListMap<Long, int[]> perSecond = new ConcurrentSkipListMap<>();
  private volatile long firstRateLimitedMillis = -1;

  void enter() {
    maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  void exit() {
    inFlight.decrementAndGet();
  }

  void count(String method, String id) {
    tick(0);
    PerNumber counts = perNumber.computeIfAbsent(id, k -> new PerNumber());
    if ("GET".equals(method)) {
      gets.incrementAndGet();
      counts.gets.incrementAndGet();
    } else if ("POST".equals(method)) {
      posts.incrementAndGet();
      counts.posts.incrementAndGet();
    }
  }

  void rateLimited() {
    rateLimited.incrementAndGet();
    tick(1);
    if (firstRateLimitedMillis < 0) {
      firstRateLimitedMillis = System.currentTimeMillis();
    }
  }

  private void tick(int slot) {
    long second = System.currentTimeMillis() / 1000;
    int[] counts = perSecond.computeIfAbsent(second, k -> new int[2]);
    synchronized (counts) {
      counts[slot]++;
    }
    while (perSecond.size() > MAX_SECONDS) {
      perSecond.pollFirstEntry();
    }
  }

  List<SecondCount> timeline() {
    List<SecondCount> out = new ArrayList<>();
    perSecond.forEach(
        (second, counts) -> {
          synchronized (counts) {
            out.add(new SecondCount(second, counts[0], counts[1]));
          }
        });
    return out;
  }

  Optional<Instant> firstRateLimited() {
    long millis = firstRateLimitedMillis;
    return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  void record(RequestRecord entry) {
    log.add(entry);
    if (logSize.incrementAndGet() > MAX_LOG && log.poll() != null) {
      logSize.decrementAndGet();
    }
  }

  int gets(String id) {
    PerNumber counts = perNumber.get(id);
    return counts == null ? 0 : counts.gets.get();
  }

  int posts(String id) {
    PerNumber counts = perNumber.get(id);
    return counts == null ? 0 : counts.posts.get();
  }

  int totalGets() {
    return gets.get();
  }

  int totalPosts() {
    return posts.get();
  }

  int rateLimitedCount() {
    return rateLimited.get();
  }

  int maxConcurrent() {
    return maxConcurrent.get();
  }

  List<RequestRecord> requests() {
    return List.copyOf(new ArrayList<>(log));
  }

  /** A JSON-ready snapshot for the admin endpoint. */
  Map<String, Object> snapshot() {
    Map<String, Object> numbers = new TreeMap<>();
    perNumber.forEach(
        (id, c) -> {
          Map<String, Object> counts = new LinkedHashMap<>();
          counts.put("gets", c.gets.get());
          counts.put("posts", c.posts.get());
          numbers.put(id, counts);
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("gets", gets.get());
    out.put("posts", posts.get());
    out.put("rateLimited", rateLimited.get());
    out.put("inFlight", inFlight.get());
    out.put("maxConcurrent", maxConcurrent.get());
    out.put("perNumber", numbers);
    return out;
  }

  /** Clears everything but the in-flight gauge, which requests still running will bring down. */
  void reset() {
    perNumber.clear();
    gets.set(0);
    posts.set(0);
    rateLimited.set(0);
    maxConcurrent.set(inFlight.get());
    log.clear();
    logSize.set(0);
    perSecond.clear();
    firstRateLimitedMillis = -1;
  }
}
