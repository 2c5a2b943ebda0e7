package dev.waflows.operator.graph;

/**
 * Why a Graph API call failed. The constant names are CamelCase on purpose: they are used as
 * Kubernetes status reasons as they are.
 */
public enum GraphErrorReason {
  /** Codes 0 and 190, or HTTP 401: the token is invalid, expired or revoked. Not retried. */
  InvalidToken,
  /**
   * Codes 3, 10 and 200-299, or HTTP 403: the token lacks a permission, or (code 10) the number is
   * not allow-listed for Flows. Not retried.
   */
  PermissionDenied,
  /**
   * Code 100, or a phone number id that is not 1-20 digits (refused before any request). Graph also
   * uses code 100 for an invalid public key and for numbers not eligible for encryption
   * configuration, so the message keeps Graph's text. Not retried.
   */
  InvalidPhoneNumber,
  /**
   * The endpoint's base URL is not on the operator's allow-list: refused before any request, so the
   * token went nowhere. Not retried; a person has to change the resource or the allow-list.
   */
  InvalidSpec,
  /**
   * Codes 4, 17, 32, 613, 80007, 130429 or HTTP 429, or the request budget refused the call.
   * Retried; when it is the final failure, {@link GraphApiException#retryAfter()} holds the
   * suggested wait.
   */
  RateLimited,
  /**
   * HTTP 5xx, codes 1, 2, 131000, {@code is_transient: true}, timeouts, connection failures, bodies
   * that are not what Graph should send, and Graph errors with codes this client does not know.
   * Retried unless the answer was a 4xx.
   */
  GraphUnavailable
}
