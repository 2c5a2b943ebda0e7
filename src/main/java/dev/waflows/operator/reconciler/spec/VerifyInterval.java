package dev.waflows.operator.reconciler.spec;

import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses {@code spec.verifyInterval}: durations such as 45m, 1h or 1h30m; at least one minute. */
public final class VerifyInterval {

  public static final Duration DEFAULT = Duration.ofHours(1);
  public static final Duration MINIMUM = Duration.ofMinutes(1);

  private static final Pattern WHOLE = Pattern.compile(FlowsEncryptionKeySpec.DURATION_PATTERN);

  private VerifyInterval() {}

  /**
   * The interval in effect, or empty with {@code problem} filled when the value is unusable.
   *
   * @param value the spec value; null or blank means the default
   */
  public static Result parse(String value) {
    if (value == null || value.isBlank()) {
      return new Result(Optional.of(DEFAULT), Optional.empty());
    }
    Optional<Duration> parsed = SpecDurations.parse(value, WHOLE);
    if (parsed.isEmpty()) {
      return invalid("verifyInterval \"" + value + "\" is not a duration such as 30m, 1h or 1h30m");
    }
    Duration total = parsed.get();
    if (total.compareTo(MINIMUM) < 0) {
      return invalid("verifyInterval " + value + " is under the minimum of 1m");
    }
    return new Result(Optional.of(total), Optional.empty());
  }

  private static Result invalid(String problem) {
    return new Result(Optional.empty(), Optional.of(problem));
  }

  /** Either an interval or a problem. */
  public record Result(Optional<Duration> interval, Optional<String> problem) {}
}
