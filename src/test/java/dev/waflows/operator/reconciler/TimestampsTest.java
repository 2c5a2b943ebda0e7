package dev.waflows.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @Test
  void readsTheTimesTheOperatorWrites() {
    Instant t = Instant.parse("2026-12-05T12:00:00Z");

    assertThat(Timestamps.parse("2026-12-05T12:00:00Z")).contains(t);
    assertThat(Timestamps.parse(ReconcilePass.timestamp(t.plusMillis(400))))
        .as("second precision, as written")
        .contains(t);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "yesterday", "2026-12-05", "2026-13-05T12:00:00Z"})
  void aMissingOrHandEditedValueIsAbsentNotAFailure(String text) {
    assertThat(Timestamps.parse(text)).isEmpty();
  }
}
