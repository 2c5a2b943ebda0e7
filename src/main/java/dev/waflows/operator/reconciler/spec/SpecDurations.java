package dev.waflows.operator.reconciler.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The durations of the spec (verifyInterval, rotation): parts such as 1h30m, summed. Pure. */
final class SpecDurations {

  private static final Pattern PART = Pattern.compile("([0-9]{1,6})([smh])");

  private SpecDurations() {}

  /**
   * @param whole the form the field allows (which units, how many parts)
   * @return the total, or empty when {@code value} does not have that form
   */
  static Optional<Duration> parse(String value, Pattern whole) {
    if (value == null || !whole.matcher(value).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
              });
    }
    return Optional.of(total);
  }
}
