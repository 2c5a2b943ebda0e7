package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphClientSettingsTest {

  @Test
  void defaultsAreSensible() {
    GraphClientSettings d = GraphClientSettings.defaults();

    assertThat(d.requestsPerSecond()).isEqualTo(20.0);
    assertThat(d.maxConcurrentRequests()).isEqualTo(8);
    assertThat(d.maxAttempts()).isEqualTo(3);
    assertThat(d.callTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.allowedBaseUrls()).isEqualTo(AllowedBaseUrls.defaults());
    assertThat(d.proxy())
        .as("direct unless the operator was given a proxy")
        .isSameAs(OutboundProxy.NONE);
    assertThat(d.withAllowedBaseUrls(AllowedBaseUrls.defaults()).proxy())
        .isSameAs(OutboundProxy.NONE);
  }

  @Test
  void theAllowListIsRequired() {
    GraphClientSettings d = GraphClientSettings.defaults();
    AllowedBaseUrls proxy = AllowedBaseUrls.parse("https://proxy.example/graph", null);

    assertThat(d.withAllowedBaseUrls(proxy).allowedBaseUrls()).isEqualTo(proxy);
    assertThat(d.withAllowedBaseUrls(proxy).withAllowedBaseUrls(d.allowedBaseUrls())).isEqualTo(d);
    assertThatNullPointerException().isThrownBy(() -> d.withAllowedBaseUrls(null));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("connectTimeout", 0, Duration.ZERO),
        Arguments.of("readTimeout", 1, Duration.ofSeconds(-1)),
        Arguments.of("callTimeout", 2, Duration.ZERO),
        Arguments.of("maxAttempts", 3, 0),
        Arguments.of("maxAttempts", 3, 11),
        Arguments.of("maxRetryTime", 4, Duration.ofMillis(-1)),
        Arguments.of("initialBackoff", 5, Duration.ZERO),
        Arguments.of("requestsPerSecond", 6, 0.0),
        Arguments.of("requestsPerSecond", 6, Double.NaN),
        Arguments.of("maxConcurrentRequests", 7, 0));
  }

  @ParameterizedTest(name = "{0} = {2}")
  @MethodSource("invalid")
  void refusesBadValues(String name, int index, Object value) {
    Object[] a = components(GraphClientSettings.defaults());
    a[index] = value;

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new GraphClientSettings(
                    (Duration) a[0],
                    (Duration) a[1],
                    (Duration) a[2],
                    (int) a[3],
                    (Duration) a[4],
                    (Duration) a[5],
                    (double) a[6],
                    (int) a[7],
                    AllowedBaseUrls.unrestricted(),
                    OutboundProxy.NONE))
        .withMessageContaining(name);
  }

  private static Object[] components(GraphClientSettings s) {
    return new Object[] {
      s.connectTimeout(),
      s.readTimeout(),
      s.callTimeout(),
      s.maxAttempts(),
      s.maxRetryTime(),
      s.initialBackoff(),
      s.requestsPerSecond(),
      s.maxConcurrentRequests()
    };
  }
}
