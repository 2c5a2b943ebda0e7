package dev.waflows.sandbox;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Graph-style error answers: {@code {"error":{"message","type","code","fbtrace_id"}}}, with the
 * messages, codes and HTTP statuses the operator has to tell apart.
 */
final class GraphErrors {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] TRACE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();

  private GraphErrors() {}

  static Reply invalidToken() {
    return new Reply(
        401,
        body("Invalid OAuth access token - Cannot parse access token", "OAuthException", 190),
        // Graph names the failed check in this header as well as in the body.
        Map.of("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\""));
  }

  static Reply unsupportedRequest(String method, String id) {
    return Reply.of(
        400,
        body(
            "Unsupported "
                + method.toLowerCase(Locale.ROOT)
                + " request. Object with ID '"
                + id
                + "' does not exist, cannot be loaded due to missing permissions, or does not"
                + " support this operation",
            "GraphMethodException",
            100));
  }

  static Reply permissionDenied() {
    return Reply.of(
        403, body("Application does not have permission for this action", "OAuthException", 10));
  }

  static Reply invalidKey() {
    return Reply.of(400, body("Business public key is invalid", "OAuthException", 100));
  }

  static Reply missingKeyParameter() {
    return Reply.of(
        400, body("The parameter business_public_key is required", "OAuthException", 100));
  }

  static Reply unknownPath(String path) {
    return Reply.of(400, body("Unknown path components: " + path, "OAuthException", 2500));
  }

  /** Graph's answer to a client over its rate; Retry-After tells a polite client when to retry. */
  static Reply rateLimited() {
    return new Reply(429, body("Rate limit hit", "OAuthException", 80007), retryAfter());
  }

  /** An injected failure: Graph's own message for the well-known codes, a generic one otherwise. */
  static Reply injected(FaultPlan.Failure failure) {
    int code = failure.code();
    Map<String, Object> body =
        switch (code) {
          case 1 -> body("An unknown error occurred", "OAuthException", 1);
          case 2 ->
              body(
                  "An unexpected error has occurred. Please retry your request later.",
                  "OAuthException",
                  2);
          case 4, 17, 32, 613, 80007, 130429 -> body("Rate limit hit", "OAuthException", code);
          default -> body("Injected failure", "OAuthException", code);
        };
    if (code == 1 || code == 2) {
      // Graph flags these as worth retrying; clients key their backoff on it.
      errorOf(body).put("is_transient", true);
    }
    Map<String, String> headers = failure.httpStatus() == 429 ? retryAfter() : Map.of();
    return new Reply(failure.httpStatus(), body, headers);
  }

  private static Map<String, String> retryAfter() {
    return Map.of("Retry-After", "1");
  }

  private static Map<String, Object> body(String message, String type, int code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type);
    error.put("code", code);
    error.put("fbtrace_id", traceId());
    return Map.of("error", error);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> errorOf(Map<String, Object> body) {
    return (Map<String, Object>) body.get("error");
  }

  /** A fresh opaque id per error, like Graph's, so clients that echo it can be checked. */
  private static String traceId() {
    char[] id = new char[23];
    for (int i = 0; i < id.length; i++) {
      id[i] = TRACE_CHARS[RANDOM.nextInt(TRACE_CHARS.length)];
    }
    return new String(id);
  }
}
