package dev.waflows.operator.graph;

import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Builds the two requests of the {@code whatsapp_business_encryption} edge. The phone number id is
 * checked to be digits before it goes into the path, so no value can change which URL is called.
 */
final class EncryptionRequests {

  static final String EDGE = "whatsapp_business_encryption";
  static final String USER_AGENT = "flows-key-operator";

  private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,20}");
  private static final int MAX_ECHO = 40;

  private EncryptionRequests() {}

  static Request get(GraphEndpoint endpoint, String phoneNumberId, AccessToken token)
      throws GraphApiException {
    return base(endpoint, phoneNumberId, token).get().build();
  }

  static Request register(
      GraphEndpoint endpoint, String phoneNumberId, AccessToken token, String publicKeyPem)
      throws GraphApiException {
    if (publicKeyPem == null || publicKeyPem.isBlank()) {
      throw new IllegalArgumentException("publicKeyPem is empty");
    }
    // FormBody percent-encodes everything outside the form-safe set: newlines, '+', '/', '='.
    FormBody body =
        new FormBody.Builder().add(EncryptionKeyResponseParser.KEY_FIELD, publicKeyPem).build();
    return base(endpoint, phoneNumberId, token).post(body).build();
  }

  /** The URL for one phone number, after checking the id. */
  static HttpUrl url(GraphEndpoint endpoint, String phoneNumberId) throws GraphApiException {
    Objects.requireNonNull(endpoint, "endpoint");
    if (phoneNumberId == null || !PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
      throw GraphApiException.notSent(
          GraphErrorReason.InvalidPhoneNumber,
          "phone number id must be 1 to 20 digits, got \""
              + Redactor.PATTERNS.forMessage(String.valueOf(phoneNumberId), MAX_ECHO)
              + "\"; no request was sent",
          null);
    }
    return HttpUrl.get(endpoint.baseUrl())
        .newBuilder()
        .addPathSegment(endpoint.version())
        .addPathSegment(phoneNumberId)
        .addPathSegment(EDGE)
        .build();
  }

  private static Request.Builder base(
      GraphEndpoint endpoint, String phoneNumberId, AccessToken token) throws GraphApiException {
    Objects.requireNonNull(token, "token");
    return new Request.Builder()
        .url(url(endpoint, phoneNumberId))
        .header("Authorization", "Bearer " + token.value())
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
  }
}
