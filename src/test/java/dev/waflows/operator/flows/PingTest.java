package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PingTest {

  @Test
  void theRequestIsMetasPingAndTheAnswerSaysActive() {
    assertThat(new String(Ping.request(), StandardCharsets.UTF_8))
        .isEqualTo("{\"version\":\"3.0\",\"action\":\"ping\"}");
    assertThat(Ping.isPing(Ping.request())).isTrue();
    assertThat(Ping.isActive(Ping.activeAnswer())).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"data\":{\"status\":\"active\"}} | true",
        "{\"data\":{\"status\":\"active\"},\"version\":\"3.0\"} | true",
        "{\"data\":{\"status\":\"inactive\"}} | false",
        "{\"data\":{\"status\":true}} | false",
        "{\"status\":\"active\"} | false",
        "{\"data\":\"active\"} | false",
        "[] | false",
        "not json | false",
        "'' | false",
      })
  void isActiveOnlyForDataStatusActive(String answer, boolean active) {
    assertThat(Ping.isActive(answer.getBytes(StandardCharsets.UTF_8))).isEqualTo(active);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"version\":\"3.0\",\"action\":\"ping\"} | true",
        "{\"version\":\"3.0\",\"action\":\"INIT\"} | false",
        "{\"action\":[\"ping\"]} | false",
        "junk | false",
      })
  void isPingOnlyForActionPing(String request, boolean ping) {
    assertThat(Ping.isPing(request.getBytes(StandardCharsets.UTF_8))).isEqualTo(ping);
  }
}
