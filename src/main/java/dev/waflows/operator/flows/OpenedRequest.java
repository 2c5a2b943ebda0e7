package dev.waflows.operator.flows;

/**
 * A request opened by an endpoint: its plaintext JSON and what its answer is sealed with (the AES
 * key and the IV). {@link #toString()} shows neither the key, the IV nor the plaintext.
 */
public final class OpenedRequest {

  private final byte[] plaintext;
  private final byte[] aesKey;
  private final byte[] iv;

  OpenedRequest(byte[] plaintext, byte[] aesKey, byte[] iv) {
    this.plaintext = plaintext;
    this.aesKey = aesKey;
    this.iv = iv;
  }

  /** The decrypted request JSON (UTF-8), a copy. */
  public byte[] plaintext() {
    return plaintext.clone();
  }

  byte[] aesKey() {
    return aesKey;
  }

  byte[] iv() {
    return iv;
  }

  @Override
  public String toString() {
    return "OpenedRequest[" + plaintext.length + " bytes, key and IV redacted]";
  }
}
