package dev.waflows.sandbox;

/**
 * What the sandbox holds for one phone number.
 *
 * @param pem the public key text exactly as it was posted or set
 * @param status the signature status Graph would report ({@code VALID} or {@code MISMATCH}); may be
 *     {@code null} to simulate an answer without a status
 */
public record StoredKey(String pem, String status) {
  /** Signature status of a key that Meta could verify. */
  public static final String VALID = "VALID";

  /** Signature status when Meta's signature check fails until the key is registered again. */
  public static final String MISMATCH = "MISMATCH";
}
