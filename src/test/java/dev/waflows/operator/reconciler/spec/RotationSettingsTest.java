package dev.waflows.operator.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.RotationSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RotationSettingsTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "-,     -,   -,   -,      PT2M,  PT24H",
        "2160h, 30s, 0s,  PT2160H, PT30S, PT0S",
        "1h,    1h30m, 90s, PT1H,  PT1H30M, PT1M30S",
      })
  void validValues(
      String every,
      String registerAfter,
      String keep,
      String wantEvery,
      String wantRegisterAfter,
      String wantKeep) {
    RotationSettings s =
        RotationSettings.parse(new RotationSpec(every, registerAfter, keep))
            .settings()
            .orElseThrow();
    assertThat(s.every()).isEqualTo(Optional.ofNullable(wantEvery).map(Duration::parse));
    assertThat(s.registerAfter()).isEqualTo(Duration.parse(wantRegisterAfter));
    assertThat(s.keepPreviousFor()).isEqualTo(Duration.parse(wantKeep));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "59m,  -,   -,   spec.rotation.every 59m is under the minimum of 1h",
        "30s,  -,   -,   spec.rotation.every \"30s\" is not a duration",
        "-,    2d,  -,   spec.rotation.registerAfter \"2d\" is not a duration",
        "-,    -,   -1s, spec.rotation.keepPreviousFor \"-1s\" is not a duration",
      })
  void invalidValuesAreNamed(String every, String registerAfter, String keep, String problem) {
    RotationSettings.Result r =
        RotationSettings.parse(new RotationSpec(every, registerAfter, keep));
    assertThat(r.settings()).isEmpty();
    assertThat(r.problems()).singleElement().asString().startsWith(problem);
  }

  @org.junit.jupiter.api.Test
  void noRotationBlockMeansDefaults() {
    assertThat(RotationSettings.parse(null).settings()).contains(RotationSettings.DEFAULTS);
  }
}
