package dev.waflows.operator.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.RotationSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegisterAfterAdviceTest {

  @ParameterizedTest(name = "registerAfter {0}, endpoint set {1}: advice {2}")
  @CsvSource({
    "0s, false, true",
    "59s, false, true",
    "1m, false, false",
    "90s, false, false",
    "0s, true, false",
    "'', false, false", // the default, 2m
  })
  void aRegisterAfterUnderAMinuteWithoutAnEndpointIsAdvisedAgainst(
      String registerAfter, boolean endpointSet, boolean advised) {
    RotationSettings rotation =
        RotationSettings.parse(new RotationSpec(null, registerAfter, null))
            .settings()
            .orElseThrow();

    assertThat(RegisterAfterAdvice.of(rotation, endpointSet).isPresent()).isEqualTo(advised);
  }

  @ParameterizedTest
  @CsvSource({"0s, 0s", "30s, 30s", "1s, 1s"})
  void theAdviceNamesTheValueAndWhatIsAtRisk(String registerAfter, String shown) {
    RotationSettings rotation =
        RotationSettings.parse(new RotationSpec(null, registerAfter, null))
            .settings()
            .orElseThrow();

    assertThat(RegisterAfterAdvice.of(rotation, false))
        .hasValueSatisfying(
            s ->
                assertThat(s)
                    .contains("registerAfter " + shown + " is under 1m")
                    .contains("may not hold a new key yet"));
  }
}
