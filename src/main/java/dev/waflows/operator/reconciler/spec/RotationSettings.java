package dev.waflows.operator.reconciler.spec;

import dev.waflows.operator.api.RotationSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code spec.rotation} with its defaults applied.
 *
 * @param every scheduled rotation period, measured from when the current key became current
 * @param registerAfter time between the Secret write that makes a new key current and its
 *     registration
 * @param keepPreviousFor how long the old pair is kept after every number holds the new key VALID
 */
public record RotationSettings(
    Optional<Duration> every, Duration registerAfter, Duration keepPreviousFor) {

  static final Duration MIN_EVERY = Duration.ofHours(1);
  static final Duration DEFAULT_REGISTER_AFTER = Duration.ofMinutes(2);
  static final Duration DEFAULT_KEEP_PREVIOUS_FOR = Duration.ofHours(24);

  static final RotationSettings DEFAULTS =
      new RotationSettings(Optional.empty(), DEFAULT_REGISTER_AFTER, DEFAULT_KEEP_PREVIOUS_FOR);

  private static final Pattern EVERY = Pattern.compile("^([0-9]{1,6}[mh]){1,2}$");
  private static final Pattern SPAN = Pattern.compile("^([0-9]{1,6}[smh]){1,3}$");

  /**
   * With spec.endpoint a rotated key is registered as soon as the endpoint opens it: the endpoint
   * gate replaces the registerAfter timer.
   */
  public RotationSettings withoutRegisterDelay() {
    return new RotationSettings(every, Duration.ZERO, keepPreviousFor);
  }

  /** The settings, or every problem with them (each names its field). */
  record Result(Optional<RotationSettings> settings, List<String> problems) {}

  static Result parse(RotationSpec spec) {
    if (spec == null) {
      return new Result(Optional.of(DEFAULTS), List.of());
    }
    List<String> problems = new ArrayList<>();
    Optional<Duration> every = Optional.empty();
    if (spec.getEvery() != null && !spec.getEvery().isBlank()) {
      every = duration(spec.getEvery(), EVERY, "spec.rotation.every", "2160h or 720h30m", problems);
      if (every.isPresent() && every.get().compareTo(MIN_EVERY) < 0) {
        problems.add("spec.rotation.every " + spec.getEvery() + " is under the minimum of 1h");
        every = Optional.empty();
      }
    }
    Duration registerAfter =
        orDefault(spec.getRegisterAfter(), DEFAULT_REGISTER_AFTER, "registerAfter", problems);
    Duration keep =
        orDefault(
            spec.getKeepPreviousFor(), DEFAULT_KEEP_PREVIOUS_FOR, "keepPreviousFor", problems);
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    return new Result(Optional.of(new RotationSettings(every, registerAfter, keep)), List.of());
  }

  private static Duration orDefault(
      String value, Duration defaultValue, String field, List<String> problems) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return duration(value, SPAN, "spec.rotation." + field, "30s, 2m or 1h30m", problems)
        .orElse(defaultValue);
  }

  private static Optional<Duration> duration(
      String value, Pattern whole, String field, String example, List<String> problems) {
    Optional<Duration> parsed = SpecDurations.parse(value, whole);
    if (parsed.isEmpty()) {
      problems.add(field + " \"" + value + "\" is not a duration such as " + example);
    }
    return parsed;
  }
}
