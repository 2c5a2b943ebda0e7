package dev.waflows.operator.graph;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One access token's allowance for Graph calls: at most {@code maxConcurrent} requests in flight,
 * request starts spaced at least {@code 1 / rate} apart, and a "not before" instant that a
 * rate-limit answer pushes out for every caller using the same token. Graph counts its limits per
 * app and business, which a token stands for; other tokens have budgets of their own (see {@link
 * TokenBudgets}), so one business being throttled, or a slow answer, never holds up another.
 *
 * <p>The rate is also capped at the token's {@link FairShare} of the operator-wide ceiling, looked
 * up when each start is due, so a token with a long queue slows down as soon as another token
 * starts calling. Callers of one token wait for their turn one after the other (first come, first
 * served) without holding a concurrency slot; the slot is taken only once the start time has come.
 *
 * <p>The rate adapts to what Graph accepts (additive increase, multiplicative decrease): a
 * rate-limit answer halves it (at most once a second, however many callers see the 429), and each
 * second without one gives back a twentieth of the configured rate. Pausing alone would resume at
 * full speed and hit the limit again at once.
 *
 * <p>Callers pass the deadline of their whole call; when the budget cannot let them through by then
 * it refuses at once with {@link GraphErrorReason#RateLimited} and the wait, rather than holding a
 * reconciler thread for minutes.
 */
final class RequestBudget {

  /** Released when the request is done. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private static final long SECOND = 1_000_000_000L;

  private final double maxRate;
  private final double minRate;
  private final int maxConcurrent;
  private final Semaphore inFlight;
  private final FairShare share;
  private final Ticker time;

  /** Held by the one caller of this token that waits for its start time; the others queue. */
  private final ReentrantLock turn = new ReentrantLock(true);

  // Guarded by this: when the last request started, the pause after a rate limit, last use.
  private long lastStartNanos;
  private long notBeforeNanos;
  private double rate;
  private long lastDecreaseNanos;
  private long lastIncreaseNanos;
  private long lastUsedNanos;

  /** A budget that shares the ceiling with nobody. */
  RequestBudget(double requestsPerSecond, int maxConcurrent, Ticker time) {
    this(requestsPerSecond, maxConcurrent, new FairShare(requestsPerSecond, time), time);
  }

  /**
   * @param share the operator-wide ceiling, divided between the tokens calling at the time
   */
  RequestBudget(double requestsPerSecond, int maxConcurrent, FairShare share, Ticker time) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    this.maxRate = requestsPerSecond;
    this.minRate = Math.min(requestsPerSecond, 0.2);
    this.rate = requestsPerSecond;
    this.maxConcurrent = maxConcurrent;
    this.inFlight = new Semaphore(maxConcurrent, true);
    this.share = share;
    this.time = time;
    long now = time.nanoTime();
    // Far enough back that the first request may start at once, near enough not to overflow.
    this.lastStartNanos = Long.MIN_VALUE / 4;
    this.notBeforeNanos = now;
    this.lastDecreaseNanos = now - SECOND;
    this.lastIncreaseNanos = now;
    this.lastUsedNanos = now;
  }

  /**
   * Waits for this token's turn and start time, then for a concurrency slot, all no later than
   * {@code deadlineNanos}.
   *
   * @throws GraphApiException {@code RateLimited} (not retryable, with the wait) when that is not
   *     possible; refused at once when the callers already queued make it impossible
   */
  Permit acquire(long deadlineNanos) throws GraphApiException, InterruptedException {
    synchronized (this) {
      lastUsedNanos = time.nanoTime();
    }
    refuseIfPausedPast(deadlineNanos);
    awaitTurn(deadlineNanos);
    long waitForSlot = Math.max(0, deadlineNanos - time.nanoTime());
    if (!inFlight.tryAcquire(waitForSlot, TimeUnit.NANOSECONDS)) {
      throw refusal(
          "all " + maxConcurrent + " concurrent Graph API requests with this access token are busy",
          Duration.ofNanos(intervalNanos() * maxConcurrent));
    }
    return inFlight::release;
  }

  /** Waits in line behind this token's other callers, then until this caller's start time. */
  private void awaitTurn(long deadlineNanos) throws GraphApiException, InterruptedException {
    long interval = intervalNanos();
    long queued = turn.getQueueLength() + (turn.isLocked() ? 1 : 0);
    long expected = earliestStart() + queued * interval;
    if (expected > deadlineNanos) {
      throw refusal(
          "the Graph API request rate for this access token is used up",
          Duration.ofNanos(expected - time.nanoTime()));
    }
    if (!turn.tryLock(Math.max(0, deadlineNanos - time.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw refusal(
          "the Graph API request rate for this access token is used up",
          Duration.ofNanos(interval * Math.max(1, turn.getQueueLength())));
    }
    try {
      // The interval is read now, not when the caller arrived: a share that shrank meanwhile holds.
      long start = earliestStart();
      if (start > deadlineNanos) {
        throw refusal(
            "the Graph API request rate for this access token is used up",
            Duration.ofNanos(start - time.nanoTime()));
      }
      // A rate limit that arrives while we wait moves the start; check again after each sleep.
      for (long now = time.nanoTime(); now < start; now = time.nanoTime()) {
        time.sleep(Duration.ofNanos(start - now));
        synchronized (this) {
          start = Math.max(start, notBeforeNanos);
        }
        refuseIfPausedPast(deadlineNanos);
      }
      synchronized (this) {
        lastStartNanos = start;
      }
    } finally {
      turn.unlock();
    }
  }

  /** The next start this token may take: spaced from the last one, after any pause. */
  private long earliestStart() {
    long interval = intervalNanos();
    synchronized (this) {
      return Math.max(time.nanoTime(), Math.max(lastStartNanos + interval, notBeforeNanos));
    }
  }

  /**
   * Graph answered with a rate limit: every caller with this token waits {@code wait}, and the rate
   * halves (once per second at most, since the callers in flight all see the same limit).
   */
  synchronized void rateLimited(Duration wait) {
    pauseFor(wait);
    long now = time.nanoTime();
    if (now - lastDecreaseNanos >= SECOND) {
      rate = Math.max(minRate, rate / 2);
      lastDecreaseNanos = now;
      lastIncreaseNanos = now;
    }
  }

  /** Graph answered without a rate limit: the rate creeps back towards the configured one. */
  synchronized void answered() {
    long now = time.nanoTime();
    long seconds = (now - lastIncreaseNanos) / SECOND;
    if (seconds > 0) {
      rate = Math.min(maxRate, rate + maxRate / 20 * seconds);
      lastIncreaseNanos += seconds * SECOND;
    }
  }

  /** Requests per second Graph lets this token make now, before the fair share. */
  synchronized double currentRate() {
    return rate;
  }

  /**
   * Makes every caller with this token wait {@code wait} from now before the next request (never
   * shortens).
   */
  synchronized void pauseFor(Duration wait) {
    long until = time.nanoTime() + wait.toNanos();
    notBeforeNanos = Math.max(notBeforeNanos, until);
  }

  /** How much of the pause is left. */
  synchronized Duration remainingPause() {
    return Duration.ofNanos(Math.max(0, notBeforeNanos - time.nanoTime()));
  }

  /**
   * Whether nobody used this budget for {@code idleNanos}, no request holds a slot and no pause is
   * pending: forgetting it then loses nothing that a fresh budget would not know.
   */
  synchronized boolean isIdle(long idleNanos) {
    long now = time.nanoTime();
    return now - lastUsedNanos >= idleNanos
        && notBeforeNanos <= now
        && inFlight.availablePermits() == maxConcurrent
        && !turn.isLocked()
        && !turn.hasQueuedThreads();
  }

  /** The spacing of this token's starts: its own rate, capped at its fair share. */
  private long intervalNanos() {
    double fair = share.rateFor(this);
    synchronized (this) {
      return Math.max(1, Math.round(SECOND / Math.min(rate, fair)));
    }
  }

  private void refuseIfPausedPast(long deadlineNanos) throws GraphApiException {
    long notBefore;
    synchronized (this) {
      notBefore = notBeforeNanos;
    }
    if (notBefore > deadlineNanos) {
      throw refusal(
          "Graph API calls with this access token are paused after a rate-limit answer",
          Duration.ofNanos(notBefore - time.nanoTime()));
    }
  }

  private static GraphApiException refusal(String why, Duration wait) {
    return GraphApiException.notSent(
        GraphErrorReason.RateLimited, "request not sent: " + why, wait);
  }
}
