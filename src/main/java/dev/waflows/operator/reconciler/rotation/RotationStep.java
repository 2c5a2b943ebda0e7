package dev.waflows.operator.reconciler.rotation;

import java.time.Instant;
import java.util.Optional;

/** What {@link RotationPlanner} says a resource's key rotation needs next. */
sealed interface RotationStep {

  /**
   * When the plan will change by itself, without any new input: the pass should run again then.
   * Empty when only a change (spec, annotation, Secret) can move it.
   */
  Optional<Instant> deadline();

  /** Whether numbers may be POSTed the current key now. */
  default boolean mayRegister() {
    return true;
  }

  /**
   * No rotation under way and none due.
   *
   * @param until when the next scheduled rotation or the removal of the previous key is due
   */
  record Idle(Optional<Instant> until) implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return until;
    }
  }

  /** Make a new pair current now, for this trigger (a rotate-requested-at value or "schedule"). */
  record Start(String trigger) implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }
  }

  /**
   * {@link Start}, but the key generator is busy with other resources' keys: the pass goes on with
   * the current key and runs again once the new pair is made. Decided by the coordinator, never by
   * the planner.
   */
  record AwaitKey(String trigger) implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }
  }

  /**
   * The new pair is current in the Secret, but endpoints may not see it yet: nothing is POSTed
   * before {@code until}; numbers holding the previous key stay as they are.
   */
  record WaitBeforeRegistering(Instant until) implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return Optional.of(until);
    }

    @Override
    public boolean mayRegister() {
      return false;
    }
  }

  /** Register the current key for every number that does not hold it VALID. */
  record Register() implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }
  }

  /** Every number holds the new key VALID: record when the previous key goes. */
  record Registered(Instant previousExpires) implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return Optional.of(previousExpires);
    }
  }

  /** Remove the previous pair from the Secret now. */
  record DropPrevious() implements RotationStep {
    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }
  }

  /** A rotation was asked for that this resource cannot do; {@code why} says so. */
  record Refuse(String requested, String why) implements RotationStep {

    /** What users are told, in the status and once in a Warning Event. */
    public String sentence() {
      return "waflows.dev/rotate-requested-at \"" + requested + "\" is not acted on: " + why;
    }

    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }
  }
}
