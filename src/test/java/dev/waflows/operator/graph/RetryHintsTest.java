package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryHintsTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  static Stream<Arguments> retryAfterValues() {
    return Stream.of(
        Arguments.of("120", Optional.of(Duration.ofSeconds(120))),
        Arguments.of(" 1.5 ", Optional.of(Duration.ofMillis(1500))),
        Arguments.of("Thu, 15 Jan 2026 10:01:00 GMT", Optional.of(Duration.ofMinutes(1))),
        Arguments.of("Thu, 15 Jan 2026 09:00:00 GMT", Optional.empty()),
        Arguments.of("0", Optional.empty()),
        Arguments.of("-5", Optional.empty()),
        Arguments.of("soon", Optional.empty()),
        Arguments.of("", Optional.empty()),
        Arguments.of("99999999", Optional.of(RetryHints.MAX_HINT)));
  }

  @ParameterizedTest(name = "Retry-After \"{0}\" -> {1}")
  @MethodSource("retryAfterValues")
  void readsRetryAfter(String value, Optional<Duration> expected) {
    assertThat(RetryHints.retryAfter(value, NOW)).isEqualTo(expected);
  }

  static Stream<Arguments> usageValues() {
    return Stream.of(
        // X-Business-Use-Case-Usage: per business id, a list of usage entries
        Arguments.of(
            "{\"1234\":[{\"type\":\"whatsapp_business_management\",\"call_count\":100,"
                + "\"total_cputime\":20,\"total_time\":30,\"estimated_time_to_regain_access\":7}]}",
            Optional.of(Duration.ofMinutes(7))),
        // several entries: the longest wins
        Arguments.of(
            "{\"1\":[{\"estimated_time_to_regain_access\":1}],"
                + "\"2\":[{\"estimated_time_to_regain_access\":3}]}",
            Optional.of(Duration.ofMinutes(3))),
        // X-App-Usage: flat
        Arguments.of(
            "{\"call_count\":100,\"total_time\":5,\"estimated_time_to_regain_access\":2}",
            Optional.of(Duration.ofMinutes(2))),
        Arguments.of(
            "{\"call_count\":28,\"total_time\":25,\"total_cputime\":25}", Optional.empty()),
        Arguments.of("{\"1\":[{\"estimated_time_to_regain_access\":0}]}", Optional.empty()),
        Arguments.of("not json", Optional.empty()));
  }

  @ParameterizedTest(name = "usage {0} -> {1}")
  @MethodSource("usageValues")
  void readsUsageHeaders(String value, Optional<Duration> expected) {
    assertThat(RetryHints.regainAccess(value)).isEqualTo(expected);
  }

  @Test
  void suggestedWaitIsTheLongestOfAllHeaders() {
    Headers headers =
        Headers.of(
            "Retry-After", "90",
            "X-App-Usage", "{\"estimated_time_to_regain_access\":1}",
            "X-Business-Use-Case-Usage", "{\"9\":[{\"estimated_time_to_regain_access\":0}]}");

    assertThat(RetryHints.suggestedWait(headers, NOW)).contains(Duration.ofSeconds(90));
    assertThat(RetryHints.suggestedWait(Headers.of(), NOW)).isEmpty();
  }
}
