package dev.waflows.operator.proxy;

/**
 * How the proxy answered one request: the HTTP status and the {@code outcome} label of {@code
 * flows_proxy_requests_total}. The contract's request/answer table, row by row.
 */
enum Outcome {
  /** Opened, forwarded, the app's answer sealed. */
  OK(200, "ok"),
  /** A ping answered by the proxy itself (--answer-ping). */
  PING(200, "ping"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  TOO_LARGE(413, "too_large"),
  /** Signature missing or wrong: refused before any RSA work. */
  BAD_SIGNATURE(432, "bad_signature"),
  /** Not JSON with the three base64 fields. */
  MALFORMED(400, "malformed"),
  /** Neither key opens it: the client fetches the public key again. */
  CANNOT_DECRYPT(421, "cannot_decrypt"),
  /** No private key loaded yet (/readyz says so too, so a Service does not route here). */
  NOT_READY(503, "not_ready"),
  /** The app said the flow token is no longer valid; its JSON passed on. */
  FLOW_TOKEN_INVALID(427, "flow_token_invalid"),
  /** The app answered something else, or not JSON, or could not be reached. */
  UPSTREAM_ERROR(502, "upstream_error"),
  /** The app did not answer within --upstream-timeout. */
  UPSTREAM_TIMEOUT(504, "upstream_timeout");

  final int status;
  final String label;

  Outcome(int status, String label) {
    this.status = status;
    this.label = label;
  }
}
