package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PUBLIC_PEM;

import java.io.IOException;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Turns a key pair into the key Secret's data: {@code private.pem} as PKCS#8, or encrypted PKCS#8
 * when a passphrase is given, and {@code public.pem} as SubjectPublicKeyInfo. Both are PEM with LF
 * line ends and a final newline, readable by {@code openssl pkey}.
 */
public final class KeySecretWriter {

  /**
   * PBKDF2-HMAC-SHA256 iterations for an encrypted private key: OWASP's 2023 recommendation for
   * that PRF. The cost is paid on every read of the key (see the benchmark in the tests).
   */
  static final int PBKDF2_ITERATIONS = 600_000;

  private static final int SALT_BYTES = 16;

  private KeySecretWriter() {}

  /**
   * The Secret data for {@code pair}, {@code private.pem} first.
   *
   * @param pair an RSA-2048 pair, as {@link RsaKeyGenerator} makes
   * @param passphraseOrNull encrypts the private key: AES-256-CBC, key from PBKDF2-HMAC-SHA256
   * @throws IllegalArgumentException if the pair is not an RSA-2048 pair
   */
  public static Map<String, String> write(KeyPair pair, Passphrase passphraseOrNull) {
    Objects.requireNonNull(pair, "pair");
    if (!(pair.getPrivate() instanceof RSAPrivateCrtKey privateKey)
        || !(pair.getPublic() instanceof RSAPublicKey publicKey)) {
      throw new IllegalArgumentException("not an RSA key pair");
    }
    if (publicKey.getModulus().bitLength() != RsaKeys.KEY_BITS
        || !RsaKeys.isPair(privateKey, publicKey)) {
      throw new IllegalArgumentException("not an RSA-2048 key pair");
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put(PRIVATE_PEM, privatePem(privateKey, passphraseOrNull));
    data.put(PUBLIC_PEM, Pem.encode("PUBLIC KEY", RsaKeys.spki(publicKey)));
    return Collections.unmodifiableMap(data);
  }

  private static String privatePem(RSAPrivateCrtKey key, Passphrase passphraseOrNull) {
    byte[] pkcs8 = key.getEncoded();
    try {
      if (passphraseOrNull == null) {
        return Pem.encode("PRIVATE KEY", pkcs8);
      }
      return Pem.encode("ENCRYPTED PRIVATE KEY", encrypt(pkcs8, passphraseOrNull));
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static byte[] encrypt(byte[] pkcs8, Passphrase passphrase) {
    char[] chars = passphrase.chars();
    try {
      PBKDF2Config kdf =
          new PBKDF2Config.Builder()
              .withPRF(PBKDF2Config.PRF_SHA256)
              .withIterationCount(PBKDF2_ITERATIONS)
              .withSaltLength(SALT_BYTES)
              .build();
      return new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(pkcs8))
          .build(
              new JcePKCSPBEOutputEncryptorBuilder(kdf, NISTObjectIdentifiers.id_aes256_CBC)
                  .setProvider(BouncyCastle.PROVIDER)
                  .build(chars))
          .getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt the private key with AES-256-CBC", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
