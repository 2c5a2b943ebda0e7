package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncryptedRequestTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheThreeFieldsAndIgnoresOthers() throws Exception {
    EncryptedRequest request =
        EncryptedRequest.parse(
            utf8(
                "{\"encrypted_flow_data\":\"AAEC\",\"encrypted_aes_key\":\"AwQF\","
                    + "\"initial_vector\":\"BgcICQ==\",\"extra\":[1]}"));

    assertThat(request).isEqualTo(new EncryptedRequest("AAEC", "AwQF", "BgcICQ=="));
    assertThat(request.iv()).containsExactly(6, 7, 8, 9);
  }

  @Test
  void toJsonIsReadBackAsTheSameRequest() throws Exception {
    EncryptedRequest request = new EncryptedRequest("AAEC", "AwQF", "BgcICQ==");

    assertThat(EncryptedRequest.parse(request.toJson())).isEqualTo(request);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all | the body is not JSON",
        "'' | the body is not a JSON object",
        "[1,2] | the body is not a JSON object",
        "\"text\" | the body is not a JSON object",
        "{\"encrypted_aes_key\":\"AA==\",\"initial_vector\":\"AA==\"} | the body has no \"encrypted_flow_data\"",
        "{\"encrypted_flow_data\":\"AA==\",\"initial_vector\":\"AA==\"} | the body has no \"encrypted_aes_key\"",
        "{\"encrypted_flow_data\":\"AA==\",\"encrypted_aes_key\":\"AA==\"} | the body has no \"initial_vector\"",
        "{\"encrypted_flow_data\":1,\"encrypted_aes_key\":\"AA==\",\"initial_vector\":\"AA==\"} | \"encrypted_flow_data\" is not a non-empty string",
        "{\"encrypted_flow_data\":\"\",\"encrypted_aes_key\":\"AA==\",\"initial_vector\":\"AA==\"} | \"encrypted_flow_data\" is not a non-empty string",
        "{\"encrypted_flow_data\":\"AA==\",\"encrypted_aes_key\":\"%%%\",\"initial_vector\":\"AA==\"} | \"encrypted_aes_key\" is not base64",
        "{\"encrypted_flow_data\":\"AA==\",\"encrypted_aes_key\":\"AA==\",\"initial_vector\":\"AA==\"} x | the body is not JSON",
        "{\"encrypted_flow_data\":\"AA==\",\"encrypted_flow_data\":\"AA==\",\"encrypted_aes_key\":\"AA==\",\"initial_vector\":\"AA==\"} | the body is not JSON",
      })
  void refusesAnythingElseWithAMessageThatQuotesNothing(String body, String message) {
    assertThatThrownBy(() -> EncryptedRequest.parse(utf8(body)))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessage(message);
  }
}
