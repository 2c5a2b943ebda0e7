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
  void anUnknownOptionIsRefused() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rotation-count=3"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rotation-count");
  }
}
