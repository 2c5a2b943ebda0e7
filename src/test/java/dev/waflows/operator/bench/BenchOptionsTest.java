package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
  void theScaleRoundIsOffByDefaultAndTenThousandResourcesOnAFiveMinuteInterval() {
    BenchOptions options = BenchOptions.parse(new String[] {});

    assertThat(options.scaleOnly()).isFalse();
    assertThat(options.scaleResources()).isEqualTo(10_000);
    assertThat(options.scaleIntervalDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(options.scaleRotationResources()).isEqualTo(10_000);
  }

  @Test
  void theScaleRotationFollowsTheScaleSizeUnlessGivenItsOwn() {
    assertThat(BenchOptions.parse(new String[] {"--scale-resources=300"}).scaleRotationResources())
        .isEqualTo(300);
    assertThat(
            BenchOptions.parse(
                    new String[] {"--scale-resources=300", "--scale-rotation-resources=50"})
                .scaleRotationResources())
        .isEqualTo(50);
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scale-rotation-resources=100000"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scaleOnlyTakesItsSizeAndInterval() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {"--scale-only", "--scale-resources=200", "--scale-interval=1h30m"});

    assertThat(options.scaleOnly()).isTrue();
    assertThat(options.scaleResources()).isEqualTo(200);
    assertThat(options.scaleIntervalDuration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(options.rotationOnly()).isFalse();
  }

  @Test
  void moreScaleResourcesThanThePhoneNumbersCanTellApartAreRefused() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scale-resources=100000"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99999");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scale-resources=0"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScaleIntervalTheOperatorWouldRefuseIsRefusedBeforeTheRun() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scale-interval=30s"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--scale-interval")
        .hasMessageContaining("minimum");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scale-interval=soon"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration");
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
