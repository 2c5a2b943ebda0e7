package dev.waflows.operator.flows;

/**
 * A well-formed envelope that does not open: the RSA-OAEP unwrap or the GCM tag failed, or the IV
 * or the AES key has the wrong length. An endpoint answers it with HTTP 421, so that the client
 * fetches the public key again. The message names the step, never key material.
 */
public final class CannotDecryptException extends Exception {

  private static final long serialVersionUID = 1L;

  CannotDecryptException(String message) {
    super(message);
  }
}
