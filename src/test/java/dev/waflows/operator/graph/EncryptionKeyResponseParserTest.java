package dev.waflows.operator.graph;

import static dev.waflows.operator.graph.EncryptionKeyResponseParser.confirmRegistered;
import static dev.waflows.operator.graph.EncryptionKeyResponseParser.parseStoredKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionKeyResponseParserTest {

  private static final String PEM_JSON =
      "-----BEGIN PUBLIC KEY-----\\nMIIBIjAN+/x=\\n-----END PUBLIC KEY-----\\n";
  private static final String PEM =
      "-----BEGIN PUBLIC KEY-----\nMIIBIjAN+/x=\n-----END PUBLIC KEY-----";

  @Test
  void readsTheFlatShape() throws GraphApiException {
    StoredKey key =
        parseStoredKey(
            "{\"business_public_key\":\""
                + PEM_JSON
                + "\",\"business_public_key_signature_status\":\"VALID\"}");

    assertThat(key).isEqualTo(StoredKey.of(PEM, SignatureStatus.VALID));
    assertThat(key.isSet()).isTrue();
  }

  @Test
  void readsTheWrappedShape() throws GraphApiException {
    StoredKey key =
        parseStoredKey(
            "{\"data\":[{\"business_public_key\":\""
                + PEM_JSON
                + "\",\"business_public_key_signature_status\":\"MISMATCH\"}]}");

    assertThat(key).isEqualTo(StoredKey.of(PEM, SignatureStatus.MISMATCH));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"data\":[]}",
        "{\"business_public_key_signature_status\":\"VALID\"}",
        "{\"business_public_key\":\"\",\"business_public_key_signature_status\":\"VALID\"}",
        "{\"business_public_key\":\"  \\n\\t \",\"business_public_key_signature_status\":\"VALID\"}",
        "{\"business_public_key\":null,\"business_public_key_signature_status\":\"VALID\"}",
        "{\"business_public_key\":\"PEM\"}",
        "{\"business_public_key\":\"PEM\",\"business_public_key_signature_status\":\"\"}",
        "{\"business_public_key\":\"PEM\",\"business_public_key_signature_status\":\"NEW_VALUE\"}",
        "{\"data\":[{}]}",
        "{\"data\":[{\"business_public_key\":\" \",\"business_public_key_signature_status\":\"VALID\"}]}",
        "{\"data\":null}"
      })
  void everyFormOfNothingIsNoKey(String body) throws GraphApiException {
    assertThat(parseStoredKey(body)).isEqualTo(StoredKey.none());
    assertThat(parseStoredKey(body).isSet()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "  ", "{not json", "[]", "\"text\"", "<html></html>", "{\"data\":[1]}"})
  void somethingThatIsNotGraphIsGraphUnavailable(String body) {
    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> parseStoredKey(body));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(failure.isRetryable()).isTrue();
  }

  @Test
  void registrationNeedsSuccessTrue() {
    assertThatNoException().isThrownBy(() -> confirmRegistered("{\"success\":true}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"{\"success\":false}", "{\"success\":\"true\"}", "{}", "{\"id\":\"1\"}", "", "ok"})
  void anythingElseIsAFailedRegistration(String body) {
    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> confirmRegistered(body));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
  }
}
