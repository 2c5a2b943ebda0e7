package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.KeySecretEntries.PREVIOUS_PRIVATE;
import static dev.waflows.operator.keys.KeySecretEntries.PREVIOUS_PUBLIC;
import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PUBLIC_PEM;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

  /**
   * The Secret data that makes {@code next} current and keeps the current pair as the previous one:
   * {@code private.pem} and {@code public.pem} from {@code next}, the old {@code private.pem} and
   * {@code public.pem} copied byte for byte to {@code previous-private.pem} and {@code
   * previous-public.pem} (an encrypted key stays encrypted), any other entry unchanged.
   *
   * @param current the Secret's data now, decoded; must hold {@code private.pem} and {@code
   *     public.pem}
   * @param next the new RSA-2048 pair
   * @param passphraseOrNull encrypts the new private key, as {@link #write} does
   * @throws IllegalArgumentException if {@code current} lacks the current pair
   */
  public static Map<String, byte[]> rotate(
      Map<String, byte[]> current, KeyPair next, Passphrase passphraseOrNull) {
    Objects.requireNonNull(current, "current");
    if (current.get(PRIVATE_PEM) == null || current.get(PUBLIC_PEM) == null) {
      throw new IllegalArgumentException(
          "only a Secret holding " + PRIVATE_PEM + " and " + PUBLIC_PEM + " can be rotated");
    }
    Map<String, byte[]> data = new TreeMap<>(current);
    data.put(PREVIOUS_PRIVATE, current.get(PRIVATE_PEM).clone());
    data.put(PREVIOUS_PUBLIC, current.get(PUBLIC_PEM).clone());
    write(next, passphraseOrNull)
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.US_ASCII)));
    return Collections.unmodifiableMap(data);
  }

  /** The Secret data without the previous pair; every other entry unchanged. */
  public static Map<String, byte[]> withoutPrevious(Map<String, byte[]> current) {
    Map<String, byte[]> data = new TreeMap<>(current);
    data.remove(PREVIOUS_PRIVATE);
    data.remove(PREVIOUS_PUBLIC);
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
