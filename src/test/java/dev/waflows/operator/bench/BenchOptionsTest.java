package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void theRotationRoundRotatesAThousandResourcesAndAHundredWhenQuick() {
    assertThat(BenchOptions.parse(new String[] {}).rotationResources()).isEqualTo(1000);
    assertThat(BenchOptions.parse(new String[] {"--quick"}).rotationResources()).isEqualTo(100);
    assertThat(BenchOptions.parse(new String[] {}).rotationOnly()).isFalse();
  }

  @Test
  void rotationOnlyTakesItsSize() {
    BenchOptions options =
        BenchOptions.parse(new String[] {"--rotation-only", "--rotation-resources=300"});

    assertThat(options.rotationOnly()).isTrue();
    assertThat(options.rotationResources()).isEqualTo(300);
    assertThat(options.restartOnly()).isFalse();
  }

  @Test
  void flightRecordingIsOffUnlessAsked() {
    assertThat(BenchOptions.parse(new String[] {"--quick"}).jfr()).isFalse();

    BenchOptions options =
        BenchOptions.parse(new String[] {"--quick", "--convergence-only", "--jfr", "--sizes=1000"});

    assertThat(options.jfr()).isTrue();
    assertThat(options.convergenceOnly()).isTrue();
    assertThat(options.sizes()).containsExactly(1000);
  }

  @Test
  void aValueForJfrIsRefused() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--jfr=yes"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jfr");
  }

  @Test
  void anUnknownOptionIsRefused() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rotation-count=3"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rotation-count");
  }
}
