package dev.waflows.operator.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;

/** Generates the RSA-2048 key pairs WhatsApp Flows needs (public exponent 65537). */
public final class RsaKeyGenerator {

  // The JDK default SecureRandom is seeded and fed by the operating system (NativePRNG on
  // Linux). getInstanceStrong() would pick the blocking /dev/random variant, which can stall a
  // freshly started container for nothing.
  private final SecureRandom random = new SecureRandom();

  /** A generator with its own strong random source. */
  public RsaKeyGenerator() {}

  /** A new key pair: an {@code RSAPrivateCrtKey} and an {@code RSAPublicKey}, 2048 bits. */
  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(
          new RSAKeyGenParameterSpec(RsaKeys.KEY_BITS, RSAKeyGenParameterSpec.F4), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate RSA-2048 keys", e);
    }
  }
}
