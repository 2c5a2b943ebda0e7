package dev.waflows.operator.reconciler.contested;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The contested-key rule. Pure and total. A number whose key at Graph someone else replaced after
 * ours was registered there (another installation, a script, a person) is registered again once;
 * replaced again within the window, the operator stops registering it (reason KeyContested) until
 * {@code waflows.dev/reconcile-requested-at} changes. A replacement after the window counts afresh.
 * So two installations that share a number never flip its key back and forth.
 *
 * <p>Everything it needs is in status ({@code phoneNumbers[].keyMatches}, {@code reason}, {@code
 * lastReplacedTime}, {@code keyFingerprint}, {@code lastHandledReconcileAt}), so a restart forgets
 * nothing.
 */
public final class ContestedKeyRule {

  /** Two replacements closer than this make a number contested. */
  public static final Duration WINDOW = Duration.ofHours(1);

  private ContestedKeyRule() {}

  /** What the rule says about registering the number. */
  public enum Verdict {
    /** No replacement by someone else: the ordinary rules apply. */
    NOT_REPLACED,
    /** Replaced by someone else, the first time within the window: register again, note when. */
    REPLACED_ONCE,
    /** Replaced again within the window, or still contested: do not register. */
    CONTESTED
  }

  /** What Graph holds for the number now, compared with the key Secret. */
  public enum GraphHolds {
    /** A key the Secret has (current, or previous during a rotation). */
    OURS,
    /** A key the Secret does not have. */
    ANOTHER,
    /** No key. */
    NONE
  }

  /**
   * @param ourKeyWasThere the number's last status says Graph held our key, and our key has not
   *     changed since (a key we changed ourselves is no replacement)
   * @param wasContested the number's last status reason is KeyContested
   * @param lastReplaced the number's lastReplacedTime
   * @param resumeRequested waflows.dev/reconcile-requested-at has a value not handled yet
   * @param verifyInterval how often the number is checked: a replacement is only seen at a check
   */
  public record Input(
      boolean ourKeyWasThere,
      GraphHolds graph,
      boolean wasContested,
      Optional<Instant> lastReplaced,
      boolean resumeRequested,
      Duration verifyInterval,
      Instant now) {}

  public static Verdict decide(Input in) {
    if (in.graph() == GraphHolds.OURS) {
      return Verdict.NOT_REPLACED;
    }
    if (in.wasContested() && !in.resumeRequested()) {
      return Verdict.CONTESTED;
    }
    boolean replaced =
        in.graph() == GraphHolds.ANOTHER && (in.ourKeyWasThere() || in.wasContested());
    if (!replaced) {
      // No key, or a key that was there before ours ever was: not a replacement.
      return Verdict.NOT_REPLACED;
    }
    if (in.resumeRequested()) {
      // A person asked: register once more, and count from here.
      return Verdict.REPLACED_ONCE;
    }
    boolean recently =
        in.lastReplaced()
            .filter(t -> in.now().isBefore(t.plus(window(in.verifyInterval()))))
            .isPresent();
    return recently ? Verdict.CONTESTED : Verdict.REPLACED_ONCE;
  }

  /**
   * One hour; for a number checked less often than every 40 minutes, one and a half intervals, so
   * that the next check (which is when a replacement is seen) still falls within it.
   */
  public static Duration window(Duration verifyInterval) {
    Duration scaled = verifyInterval.multipliedBy(3).dividedBy(2);
    return scaled.compareTo(WINDOW) > 0 ? scaled : WINDOW;
  }
}
