package dev.waflows.operator.flows;

/**
 * A request sealed as a WhatsApp client seals it: the body to POST, and the AES key and IV that
 * open its answer. {@link #toString()} shows neither the key nor the IV.
 */
public final class SealedRequest {

  private final EncryptedRequest body;
  private final byte[] aesKey;
  private final byte[] iv;

  SealedRequest(EncryptedRequest body, byte[] aesKey, byte[] iv) {
    this.body = body;
    this.aesKey = aesKey;
    this.iv = iv;
  }

  /** The envelope to POST; {@link EncryptedRequest#toJson()} gives its bytes. */
  public EncryptedRequest body() {
    return body;
  }

  byte[] aesKey() {
    return aesKey;
  }

  byte[] iv() {
    return iv;
  }

  @Override
  public String toString() {
    return "SealedRequest[key and IV redacted]";
  }
}
