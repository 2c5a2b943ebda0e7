package dev.waflows.operator.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One {@link RequestBudget} per access token, so a rate limit, a pause or slow answers for one
 * token never delay calls made with another, and the operator-wide rate is shared equally between
 * the tokens calling at the time ({@link FairShare}). Budgets are keyed by a SHA-256 of the token,
 * never the token itself, and forgotten once idle, so memory stays bounded however many tokens come
 * and go.
 */
final class TokenBudgets {

  /** A budget unused this long, with nothing in flight and no pause pending, is forgotten. */
  static final Duration IDLE_EVICTION = Duration.ofMinutes(10);

  /** At most this many budgets are kept; past it the least recently used goes first. */
  static final int MAX_TOKENS = 10_000;

  private final double requestsPerSecond;
  private final int maxConcurrent;
  private final FairShare share;
  private final Ticker time;
  private final int maxTokens;

  // Guarded by this; access order, so the eldest entry is the least recently used.
  private final LinkedHashMap<String, RequestBudget> budgets = new LinkedHashMap<>(16, 0.75f, true);

  TokenBudgets(double requestsPerSecond, int maxConcurrent, Ticker time) {
    this(requestsPerSecond, maxConcurrent, time, MAX_TOKENS);
  }

  TokenBudgets(double requestsPerSecond, int maxConcurrent, Ticker time, int maxTokens) {
    this.requestsPerSecond = requestsPerSecond;
    this.maxConcurrent = maxConcurrent;
    this.share = new FairShare(requestsPerSecond, time);
    this.time = time;
    this.maxTokens = maxTokens;
  }

  /** The budget of this token, new if the token was not seen lately. */
  synchronized RequestBudget of(AccessToken token) {
    String key = key(token);
    RequestBudget budget = budgets.get(key);
    if (budget == null) {
      evictIdle();
      budget = new RequestBudget(requestsPerSecond, maxConcurrent, share, time);
      budgets.put(key, budget);
      // A request still holding a slot of an evicted budget releases it there; nothing breaks.
      Iterator<RequestBudget> eldest = budgets.values().iterator();
      while (budgets.size() > maxTokens) {
        eldest.next();
        eldest.remove();
      }
    }
    return budget;
  }

  /** How many tokens have a budget now. */
  synchronized int size() {
    return budgets.size();
  }

  private void evictIdle() {
    long idle = IDLE_EVICTION.toNanos();
    budgets.values().removeIf(budget -> budget.isIdle(idle));
  }

  private static String key(AccessToken token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(token.value().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "TokenBudgets[" + size() + " tokens]";
  }
}
