package dev.waflows.operator.reconciler.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.reconciler.spec.RotationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RotationPlannerTest {

  private static final Instant SINCE = Instant.parse("2026-03-01T00:00:00Z");
  private static final String PREVIOUS_KEY = "SHA256:previous";
  private static final String EARLIER_KEY = "SHA256:earlier";
  private static final RotationSettings SETTINGS =
      new RotationSettings(
          Optional.of(Duration.ofHours(2160)), Duration.ofMinutes(2), Duration.ofHours(24));

  /** A Secret whose current key became current at SINCE, nothing else going on. */
  private static Builder at(Instant now) {
    return new Builder(now);
  }

  static Stream<Arguments> cases() {
    Instant due = SINCE.plus(Duration.ofHours(2160));
    Instant registerAt = SINCE.plus(Duration.ofMinutes(2));
    Instant expires = Instant.parse("2026-03-02T00:02:00Z");
    return Stream.of(
        // Triggers
        Arguments.of("quiet key: idle until the schedule", at(SINCE.plusSeconds(60)), idle(due)),
        Arguments.of("no schedule: idle with no deadline", at(SINCE).every(null), idle(null)),
        Arguments.of("schedule due", at(due), new RotationStep.Start("schedule")),
        Arguments.of(
            "annotation, new value",
            at(SINCE.plusSeconds(60)).requested("r1"),
            new RotationStep.Start("r1")),
        Arguments.of(
            "annotation already handled in status",
            at(SINCE.plusSeconds(60)).requested("r1").lastHandled("r1"),
            idle(due)),
        Arguments.of(
            "crash after the Secret write and the drop, status lost: the Secret's trigger"
                + " prevents a second rotation",
            at(SINCE.plusSeconds(60)).requested("r1").trigger("r1"),
            idle(due)),
        Arguments.of(
            "a new value after an earlier rotation",
            at(SINCE.plusSeconds(60)).requested("r2").trigger("r1").lastHandled("r1"),
            new RotationStep.Start("r2")),
        // Refusals
        Arguments.of(
            "brought key: a new value is refused",
            at(SINCE).requested("r1").refusal("brought"),
            new RotationStep.Refuse("r1", "brought")),
        Arguments.of(
            "brought key: a due schedule does nothing", at(due).refusal("brought"), idle(null)),
        // Crash point: Secret written, nothing registered
        Arguments.of(
            "Secret written, registerAfter not over: wait",
            at(SINCE.plusSeconds(30)).previous().trigger("r1").requested("r1"),
            new RotationStep.WaitBeforeRegistering(registerAt)),
        Arguments.of(
            "Secret written, registerAfter over, nothing registered yet: register",
            at(registerAt).previous().trigger("r1").requested("r1"),
            new RotationStep.Register()),
        Arguments.of(
            "some numbers registered (crash in the middle): register the rest",
            at(registerAt.plusSeconds(5)).previous().trigger("r1"),
            new RotationStep.Register()),
        Arguments.of(
            "every number holds the new key: record the expiry",
            at(registerAt.plusSeconds(5)).previous().trigger("r1").everyCurrent(),
            new RotationStep.Registered(registerAt.plusSeconds(5).plus(Duration.ofHours(24)))),
        Arguments.of(
            "all registered, expiry lost in a crash: recorded again from now (keeps longer)",
            at(registerAt.plusSeconds(3600)).previous().trigger("r1").everyCurrent(),
            new RotationStep.Registered(registerAt.plusSeconds(3600).plus(Duration.ofHours(24)))),
        Arguments.of(
            "expiry recorded, not yet reached",
            at(expires.minusSeconds(1)).previous().expires(expires),
            idle(expires)),
        Arguments.of(
            "previous expired: drop it",
            at(expires).previous().expires(expires),
            new RotationStep.DropPrevious()),
        Arguments.of(
            "a new request while the previous key is kept waits for its removal",
            at(expires.minusSeconds(1)).previous().expires(expires).requested("r2"),
            idle(expires)),
        Arguments.of(
            "a due schedule while the previous key is kept waits too",
            at(due.plusSeconds(1)).previous().expires(due.plusSeconds(60)),
            idle(due.plusSeconds(60))),
        Arguments.of(
            "registerAfter counts from the Secret, not from when the operator saw it",
            at(SINCE.plusSeconds(119)).previous().trigger("schedule"),
            new RotationStep.WaitBeforeRegistering(registerAt)),
        // A second rotation: status still records the first one's (past) expiry, for the key
        // the first rotation kept (its patch lost in a crash, or written in the pass that dropped
        // that key and started the second rotation).
        Arguments.of(
            "second rotation, expiry of the earlier previous key: wait, not drop",
            at(SINCE.plusSeconds(30)).previous().trigger("r2").expires(EARLIER_KEY, SINCE),
            new RotationStep.WaitBeforeRegistering(registerAt)),
        Arguments.of(
            "second rotation, registerAfter over, expiry of the earlier previous key: register",
            at(registerAt).previous().trigger("r2").expires(EARLIER_KEY, SINCE),
            new RotationStep.Register()),
        Arguments.of(
            "second rotation registered everywhere: its own expiry is recorded",
            at(registerAt).previous().trigger("r2").expires(EARLIER_KEY, SINCE).everyCurrent(),
            new RotationStep.Registered(registerAt.plus(Duration.ofHours(24)))),
        Arguments.of(
            "no previous pair, a stale expiry in status: a new request starts",
            at(SINCE.plusSeconds(60)).requested("r2").trigger("r1").expires(EARLIER_KEY, SINCE),
            new RotationStep.Start("r2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nextStep(String name, Builder state, RotationStep expected) {
    assertThat(RotationPlanner.next(state.build())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void postsOnlyOutsideTheWait(String name, Builder state, RotationStep expected) {
    assertThat(RotationPlanner.next(state.build()).mayRegister())
        .isEqualTo(!(expected instanceof RotationStep.WaitBeforeRegistering));
  }

  private static RotationStep idle(Instant until) {
    return new RotationStep.Idle(Optional.ofNullable(until));
  }

  /** A planner state, described by what differs from a quiet generated key. */
  /** The state a test starts from, changed one part at a time through the state's withers. */
  static final class Builder {
    private RotationPlanner.State state;

    Builder(Instant now) {
      state =
          new RotationPlanner.State(
              Optional.empty(),
              SINCE,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false,
              SETTINGS,
              now);
    }

    Builder refusal(String why) {
      state = state.withRefusal(Optional.of(why));
      return this;
    }

    Builder trigger(String t) {
      state = state.withSecretTrigger(Optional.of(t));
      return this;
    }

    /** The Secret keeps a previous pair, {@link #PREVIOUS_KEY}. */
    Builder previous() {
      state = state.withPreviousKey(Optional.of(PREVIOUS_KEY));
      return this;
    }

    /** Status records that {@link #PREVIOUS_KEY} goes at {@code t}. */
    Builder expires(Instant t) {
      return expires(PREVIOUS_KEY, t);
    }

    /** Status records that the previous key {@code key} goes at {@code t}. */
    Builder expires(String key, Instant t) {
      state = state.withRecordedExpiry(Optional.of(new RotationPlanner.RecordedExpiry(key, t)));
      return this;
    }

    Builder requested(String r) {
      state = state.withRequested(Optional.of(r));
      return this;
    }

    Builder lastHandled(String r) {
      state = state.withLastHandled(Optional.of(r));
      return this;
    }

    Builder everyCurrent() {
      state = state.withEveryNumberHoldsCurrent(true);
      return this;
    }

    Builder every(Duration every) {
      RotationSettings s = state.settings();
      state =
          state.withSettings(
              new RotationSettings(
                  Optional.ofNullable(every), s.registerAfter(), s.keepPreviousFor()));
      return this;
    }

    RotationPlanner.State build() {
      return state;
    }

    @Override
    public String toString() {
      return "at " + state.now();
    }
  }
}
