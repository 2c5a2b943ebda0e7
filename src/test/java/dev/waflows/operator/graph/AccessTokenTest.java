package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenTest {

  @Test
  void trimsWhitespaceAndNewlinesFromSecrets() {
    assertThat(AccessToken.of("  EAAtoken123\r\n").value()).isEqualTo("EAAtoken123");
    assertThat(AccessToken.of("EAAtoken123\n")).isEqualTo(AccessToken.of("EAAtoken123"));
    assertThat(AccessToken.of("a")).isNotEqualTo(AccessToken.of("b"));
  }

  @Test
  void neverShowsTheValue() {
    AccessToken token = AccessToken.of("EAAsecretvalue");

    assertThat(token.toString()).isEqualTo("AccessToken[redacted]");
    assertThat(String.valueOf(token)).doesNotContain("secret");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\n", "two words", "line\nbreak", "tab\there", "ünïcode"})
  void refusesWhatCannotBeSentInAHeader(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AccessToken.of(value))
        .satisfies(
            e -> {
              if (value != null && !value.isBlank()) {
                assertThat(e.getMessage()).doesNotContain(value.strip());
              }
            });
  }
}
