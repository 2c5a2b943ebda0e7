package dev.waflows.operator.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyIntervalTest {

  @ParameterizedTest
  @CsvSource({"1m,60", "60s,60", "90s,90", "1h,3600", "1h30m,5400", "2h0m30s,7230", "720h,2592000"})
  void acceptsDurations(String value, long seconds) {
    var result = VerifyInterval.parse(value);
    assertThat(result.problem()).isEmpty();
    assertThat(result.interval()).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void defaultsToOneHour(String value) {
    assertThat(VerifyInterval.parse(value).interval()).contains(Duration.ofHours(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"59s", "0m", "30s", "0h0m59s"})
  void refusesUnderOneMinute(String value) {
    var result = VerifyInterval.parse(value);
    assertThat(result.interval()).isEmpty();
    assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).contains("minimum of 1m"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1d", "PT1H", "1.5h", "-1m", "h", "1 h", "10"})
  void refusesWhatIsNotADuration(String value) {
    var result = VerifyInterval.parse(value);
    assertThat(result.interval()).isEmpty();
    assertThat(result.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("is not a duration"));
  }
}
