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
            new RotationStep.WaitBeforeRegistering(registerAt)));
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
              false,
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

    Builder previous() {
      state = state.withHasPrevious(true);
      return this;
    }

    Builder expires(Instant t) {
      state = state.withPreviousExpires(Optional.of(t));
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
