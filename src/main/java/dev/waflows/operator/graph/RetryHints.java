package dev.waflows.operator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;

/**
 * The wait a response asks for: {@code Retry-After} (seconds or HTTP date) and Graph's usage
 * headers ({@code X-Business-Use-Case-Usage}, {@code X-App-Usage}) with {@code
 * estimated_time_to_regain_access} in minutes. Pure; the longest hint wins.
 */
final class RetryHints {

  /** Upper bound for any hint, so a broken header cannot park callers for days. */
  static final Duration MAX_HINT = Duration.ofHours(24);

  static final String RETRY_AFTER = "Retry-After";
  static final String BUSINESS_USE_CASE_USAGE = "X-Business-Use-Case-Usage";
  static final String APP_USAGE = "X-App-Usage";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGAIN_ACCESS = "estimated_time_to_regain_access";
  private static final int MAX_DEPTH = 6;

  private RetryHints() {}

  /** The longest positive wait the headers ask for, if any. */
  static Optional<Duration> suggestedWait(Headers headers, Instant now) {
    Duration longest = Duration.ZERO;
    for (String value : headers.values(RETRY_AFTER)) {
      longest = max(longest, retryAfter(value, now).orElse(Duration.ZERO));
    }
    for (String name : new String[] {BUSINESS_USE_CASE_USAGE, APP_USAGE}) {
      for (String value : headers.values(name)) {
        longest = max(longest, regainAccess(value).orElse(Duration.ZERO));
      }
    }
    return longest.isZero() ? Optional.empty() : Optional.of(cap(longest));
  }

  /** {@code Retry-After: 120} or {@code Retry-After: Wed, 21 Oct 2015 07:28:00 GMT}. */
  static Optional<Duration> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    try {
      double seconds = Double.parseDouble(trimmed);
      return positive(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(cap(wait));
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /**
   * The largest {@code estimated_time_to_regain_access} (minutes) anywhere in a usage header. The
   * business header nests it per business id and type, the app header holds it flat, so the tree is
   * searched rather than walked by shape.
   */
  static Optional<Duration> regainAccess(String headerJson) {
    if (headerJson == null || headerJson.isBlank()) {
      return Optional.empty();
    }
    try {
      double minutes = maxRegain(JSON.readTree(headerJson), 0);
      return positive(minutes * 60);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static double maxRegain(JsonNode node, int depth) {
    if (node == null || depth > MAX_DEPTH) {
      return 0;
    }
    double max = 0;
    if (node.isObject()) {
      JsonNode regain = node.get(REGAIN_ACCESS);
      if (regain != null && (regain.isNumber() || regain.isTextual())) {
        max = Math.max(max, regain.asDouble(0));
      }
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        max = Math.max(max, maxRegain(child, depth + 1));
      }
    }
    return max;
  }

  private static Optional<Duration> positive(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      return Optional.empty();
    }
    if (seconds >= MAX_HINT.toSeconds()) {
      return Optional.of(MAX_HINT);
    }
    return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private static Duration cap(Duration wait) {
    return wait.compareTo(MAX_HINT) > 0 ? MAX_HINT : wait;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
