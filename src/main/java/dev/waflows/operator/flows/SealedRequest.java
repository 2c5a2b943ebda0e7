package dev.waflows.operator.flows;

/**
 * A request sealed as a WhatsApp client seals it: the body to POST, and the AES key and IV that
 * open its answer. {@link #toString()} shows neither the key nor the IV.
 */
public final class SealedRequest {

  private final EncryptedRequest body;
  private final ResponseKey key;

  SealedRequest(EncryptedRequest body, ResponseKey key) {
    this.body = body;
    this.key = key;
  }

  /** The envelope to POST; {@link EncryptedRequest#toJson()} gives its bytes. */
  public EncryptedRequest body() {
    return body;
  }

  ResponseKey key() {
    return key;
  }

  @Override
  public String toString() {
    return "SealedRequest[key and IV redacted]";
  }
}
