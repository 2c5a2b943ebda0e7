package dev.waflows.operator.endpoint;

import dev.waflows.operator.api.Reasons;

/** How a probe of a Flows endpoint ended; each maps to one reason of EndpointReady. */
public enum ProbeOutcome {
  /** HTTP 200 whose body opened to {@code data.status == "active"}. */
  Opened(Reasons.OPENED),
  /** HTTP 421: the endpoint cannot open what is sealed to the key. */
  CannotDecrypt(Reasons.ENDPOINT_CANNOT_DECRYPT),
  /** HTTP 432: the endpoint refused the signature. */
  RejectedSignature(Reasons.ENDPOINT_REJECTED_SIGNATURE),
  /** Any other status (a redirect included), or a body that does not open to "active". */
  BadResponse(Reasons.ENDPOINT_BAD_RESPONSE),
  /** No answer: connection, DNS, TLS, or the 10 s timeout. Transient. */
  Unreachable(Reasons.ENDPOINT_UNREACHABLE);

  private final String reason;

  ProbeOutcome(String reason) {
    this.reason = reason;
  }

  /** The EndpointReady reason. */
  public String reason() {
    return reason;
  }
}
