package dev.waflows.operator.flows;

/**
 * What seals and opens the answer to one request: the request's AES-128 key and its IV (the answer
 * uses the IV with every bit flipped). Never printed.
 */
final class ResponseKey {

  private final byte[] aesKey;
  private final byte[] iv;

  ResponseKey(byte[] aesKey, byte[] iv) {
    this.aesKey = aesKey;
    this.iv = iv;
  }

  byte[] aesKey() {
    return aesKey;
  }

  byte[] iv() {
    return iv;
  }

  @Override
  public String toString() {
    return "ResponseKey[redacted]";
  }
}
