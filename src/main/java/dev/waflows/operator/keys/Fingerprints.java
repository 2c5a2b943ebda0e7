package dev.waflows.operator.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/** Key fingerprints as shown in {@code status.keyFingerprint}. */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * {@code SHA256:} and the unpadded base64 of SHA-256 over the DER SubjectPublicKeyInfo, the form
   * OpenSSH uses; {@code openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64}
   * gives the same digits. An RSA key is re-encoded in its canonical form first, so the fingerprint
   * does not depend on how the key was written.
   */
  public static String sha256(PublicKey key) {
    Objects.requireNonNull(key, "key");
    byte[] spki = PublicKeys.canonicalDer(key);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(spki);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
