package dev.waflows.operator.reconciler.contested;

import static dev.waflows.operator.reconciler.contested.ContestedKeyRule.GraphHolds.ANOTHER;
import static dev.waflows.operator.reconciler.contested.ContestedKeyRule.GraphHolds.NONE;
import static dev.waflows.operator.reconciler.contested.ContestedKeyRule.GraphHolds.OURS;
import static dev.waflows.operator.reconciler.contested.ContestedKeyRule.Verdict.CONTESTED;
import static dev.waflows.operator.reconciler.contested.ContestedKeyRule.Verdict.REPLACED_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.reconciler.contested.ContestedKeyRule.GraphHolds;
import dev.waflows.operator.reconciler.contested.ContestedKeyRule.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContestedKeyRuleTest {

  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @ParameterizedTest(
      name =
          "[{index}] was ours {0}, graph {1}, contested {2}, replaced {3} min ago, resume {4} -> {5}")
  @CsvSource({
    // Graph holds ours: nothing to decide, whatever happened before
    "true,  OURS,    false, ,   false, NOT_REPLACED",
    "false, OURS,    true,  10, false, NOT_REPLACED",
    // a key that was there before ours ever was (a takeover): the ordinary rules apply
    "false, ANOTHER, false, ,   false, NOT_REPLACED",
    // no key at all: a deletion is not somebody else's key
    "true,  NONE,    false, ,   false, NOT_REPLACED",
    // ours was there, now another: the first replacement is registered again
    "true,  ANOTHER, false, ,   false, REPLACED_ONCE",
    // the second within an hour stops
    "true,  ANOTHER, false, 10, false, CONTESTED",
    "true,  ANOTHER, false, 59, false, CONTESTED",
    // an hour later counts afresh
    "true,  ANOTHER, false, 60, false, REPLACED_ONCE",
    "true,  ANOTHER, false, 300, false, REPLACED_ONCE",
    // contested stays contested, whatever Graph holds but ours, however long it takes
    "false, ANOTHER, true,  10, false, CONTESTED",
    "false, ANOTHER, true,  6000, false, CONTESTED",
    "false, NONE,    true,  10, false, CONTESTED",
    // until the annotation changes: registered once more, counted afresh
    "false, ANOTHER, true,  10, true,  REPLACED_ONCE",
    "false, NONE,    true,  10, true,  NOT_REPLACED",
    "true,  ANOTHER, false, 10, true,  REPLACED_ONCE",
  })
  void table(
      boolean ourKeyWasThere,
      GraphHolds graph,
      boolean wasContested,
      Long replacedMinutesAgo,
      boolean resume,
      Verdict expected) {
    Optional<Instant> lastReplaced =
        Optional.ofNullable(replacedMinutesAgo).map(m -> NOW.minus(Duration.ofMinutes(m)));
    assertThat(
            ContestedKeyRule.decide(
                new ContestedKeyRule.Input(
                    ourKeyWasThere, graph, wasContested, lastReplaced, resume, FIVE_MINUTES, NOW)))
        .isEqualTo(expected);
  }

  @Test
  void theWindowCoversTheNextCheckOfASlowlyCheckedNumber() {
    assertThat(ContestedKeyRule.window(Duration.ofMinutes(1))).isEqualTo(Duration.ofHours(1));
    assertThat(ContestedKeyRule.window(Duration.ofMinutes(40))).isEqualTo(Duration.ofHours(1));
    assertThat(ContestedKeyRule.window(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(90));
    // With the default interval the second replacement is seen an hour (and a little) later:
    Instant first = NOW.minus(Duration.ofMinutes(61));
    assertThat(
            ContestedKeyRule.decide(
                new ContestedKeyRule.Input(
                    true, ANOTHER, false, Optional.of(first), false, Duration.ofHours(1), NOW)))
        .isEqualTo(CONTESTED);
  }

  /**
   * Two installations A and B sharing a number, each checking every 5 minutes, each remembering
   * only what its status says: a bounded number of registrations, then one holds the number and the
   * other is contested, for as long as the test runs.
   */
  @Test
  void twoInstallationsSharingANumberStopFlipping() {
    Side a = new Side("a");
    Side b = new Side("b");
    String graph = null;
    int posts = 0;
    Instant t = NOW;
    // A registers first, B takes over (a takeover, not a replacement), then both check in turn.
    graph = "a";
    posts++;
    graph = "b";
    posts++;
    b.ourKeyWasThere = true;
    a.ourKeyWasThere = true;
    for (int round = 0; round < 24 * 12; round++) {
      t = t.plus(FIVE_MINUTES);
      for (Side side : new Side[] {a, b}) {
        if (side.check(graph, t)) {
          graph = side.name;
          posts++;
        }
      }
    }
    assertThat(posts).isLessThanOrEqualTo(4);
    assertThat(a.contested ^ b.contested).as("exactly one is contested").isTrue();
    assertThat(graph).isEqualTo(a.contested ? "b" : "a");
  }

  /** One installation's status memory for the number. */
  private static final class Side {
    final String name;
    boolean ourKeyWasThere;
    boolean contested;
    Optional<Instant> lastReplaced = Optional.empty();

    Side(String name) {
      this.name = name;
    }

    /** One check; true when it registers its key. */
    boolean check(String graph, Instant now) {
      GraphHolds holds = graph == null ? NONE : graph.equals(name) ? OURS : ANOTHER;
      Verdict v =
          ContestedKeyRule.decide(
              new ContestedKeyRule.Input(
                  ourKeyWasThere, holds, contested, lastReplaced, false, FIVE_MINUTES, now));
      contested = v == CONTESTED;
      if (v == REPLACED_ONCE) {
        lastReplaced = Optional.of(now);
      }
      boolean register = holds != OURS && v != CONTESTED;
      ourKeyWasThere = holds == OURS || register;
      return register;
    }
  }
}
