package dev.waflows.operator.flows;

/**
 * A request opened by an endpoint: its plaintext JSON and what its answer is sealed with (the AES
 * key and the IV). {@link #toString()} shows neither the key, the IV nor the plaintext.
 */
public final class OpenedRequest {

  private final byte[] plaintext;
  private final ResponseKey key;

  OpenedRequest(byte[] plaintext, ResponseKey key) {
    this.plaintext = plaintext;
    this.key = key;
  }

  /** The decrypted request JSON (UTF-8), a copy. */
  public byte[] plaintext() {
    return plaintext.clone();
  }

  ResponseKey key() {
    return key;
  }

  @Override
  public String toString() {
    return "OpenedRequest[" + plaintext.length + " bytes, key and IV redacted]";
  }
}
