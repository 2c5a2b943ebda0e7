package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.InvalidKeyException.Problem.DISAGREEING_KEYS;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.EMPTY_SECRET;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.NOT_A_PAIR;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.UNREADABLE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PREVIOUS_PRIVATE;
import static dev.waflows.operator.keys.KeySecretEntries.PREVIOUS_PUBLIC;
import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PUBLIC_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.TLS_CRT;
import static dev.waflows.operator.keys.KeySecretEntries.TLS_KEY;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

/**
 * Turns the key Secret's data into a checked {@link LoadedKey}, or says what is wrong with it.
 *
 * <p>The entries it reads are {@code private.pem}, {@code tls.key} (private keys), {@code
 * public.pem} and {@code tls.crt} (public keys); others are ignored (cert-manager adds {@code
 * ca.crt}, for instance). Every entry present must be readable. When two entries of the same kind
 * are present they must hold the same key, and a private key must pair with the public key. A
 * public key alone is valid: the private key then lives elsewhere.
 *
 * <p>Errors are reported in a fixed order (each entry in the order of {@link KeySecretEntries#ALL},
 * then disagreements, then the pair), so the same Secret always gets the same message.
 *
 * <p>During a rotation the Secret also keeps the pair that was current before ({@code
 * previous-private.pem}, {@code previous-public.pem}); it is read and checked the same way (same
 * passphrase, RSA-2048, the halves match) and returned as {@link LoadedKey#previous()}.
 */
public final class KeySecretReader {

  private KeySecretReader() {}

  /**
   * Reads and checks the key.
   *
   * @param secretData the Secret's {@code .data}, base64-decoded; an absent entry is not present
   * @param passphraseOrNull decrypts an encrypted private key; ignored for a plain one
   * @throws InvalidKeyException if the key cannot be used; its message names the entry
   */
  public static LoadedKey read(Map<String, byte[]> secretData, Passphrase passphraseOrNull)
      throws InvalidKeyException {
    Map<String, byte[]> data = secretData == null ? Map.of() : secretData;
    return current(data, passphraseOrNull).withPrevious(previous(data, passphraseOrNull));
  }

  /** The previous pair, or null when the Secret keeps none. */
  private static LoadedKey previous(Map<String, byte[]> data, Passphrase passphrase)
      throws InvalidKeyException {
    boolean hasPrivate = data.containsKey(PREVIOUS_PRIVATE);
    boolean hasPublic = data.containsKey(PREVIOUS_PUBLIC);
    if (!hasPrivate && !hasPublic) {
      return null;
    }
    RSAPrivateCrtKey privateKey = privateKey(data, PREVIOUS_PRIVATE, passphrase);
    if (!hasPublic) {
      return new LoadedKey(RsaKeys.publicKeyOf(privateKey), privateKey, PREVIOUS_PRIVATE);
    }
    RSAPublicKey publicKey =
        PublicKeyParser.publicKey(
            PREVIOUS_PUBLIC, blocks(PREVIOUS_PUBLIC, data.get(PREVIOUS_PUBLIC)));
    return paired(publicKey, PREVIOUS_PUBLIC, privateKey, PREVIOUS_PRIVATE);
  }

  private static LoadedKey current(Map<String, byte[]> data, Passphrase passphraseOrNull)
      throws InvalidKeyException {
    if (KeySecretEntries.ALL.stream().allMatch(key -> isBlank(data.get(key)))) {
      throw new InvalidKeyException(EMPTY_SECRET, null, emptyMessage());
    }
    RSAPrivateCrtKey privatePem = privateKey(data, PRIVATE_PEM, passphraseOrNull);
    RSAPrivateCrtKey tlsKey = privateKey(data, TLS_KEY, passphraseOrNull);
    RSAPublicKey publicPem =
        data.containsKey(PUBLIC_PEM)
            ? PublicKeyParser.publicKey(PUBLIC_PEM, blocks(PUBLIC_PEM, data.get(PUBLIC_PEM)))
            : null;
    RSAPublicKey tlsCrt =
        data.containsKey(TLS_CRT)
            ? PublicKeyParser.certificateKey(TLS_CRT, blocks(TLS_CRT, data.get(TLS_CRT)))
            : null;

    // Two checked private keys with the same public half are the same key: the modulus and
    // exponent fix the rest.
    if (privatePem != null
        && tlsKey != null
        && !RsaKeys.isPair(privatePem, RsaKeys.publicKeyOf(tlsKey))) {
      throw new InvalidKeyException(
          DISAGREEING_KEYS,
          TLS_KEY,
          "holds another private key than " + PRIVATE_PEM + "; when both are set they must agree");
    }
    if (publicPem != null && tlsCrt != null && !PublicKeys.sameKey(publicPem, tlsCrt)) {
      throw new InvalidKeyException(
          DISAGREEING_KEYS,
          TLS_CRT,
          "the certificate holds another public key than "
              + PUBLIC_PEM
              + "; when both are set they must agree");
    }

    RSAPrivateCrtKey privateKey = privatePem != null ? privatePem : tlsKey;
    String privateSource = privatePem != null ? PRIVATE_PEM : TLS_KEY;
    if (publicPem != null) {
      return paired(publicPem, PUBLIC_PEM, privateKey, privateSource);
    }
    if (tlsCrt != null) {
      return paired(tlsCrt, TLS_CRT, privateKey, privateSource);
    }
    return new LoadedKey(RsaKeys.publicKeyOf(privateKey), privateKey, privateSource);
  }

  private static LoadedKey paired(
      RSAPublicKey publicKey,
      String publicSource,
      RSAPrivateCrtKey privateKeyOrNull,
      String privateSource)
      throws InvalidKeyException {
    if (privateKeyOrNull != null && !RsaKeys.isPair(privateKeyOrNull, publicKey)) {
      throw new InvalidKeyException(
          NOT_A_PAIR,
          publicSource,
          (publicSource.equals(TLS_CRT) ? "the certificate's key" : "the public key")
              + " does not belong to the private key in "
              + privateSource);
    }
    return new LoadedKey(publicKey, privateKeyOrNull, publicSource);
  }

  private static RSAPrivateCrtKey privateKey(
      Map<String, byte[]> data, String key, Passphrase passphrase) throws InvalidKeyException {
    if (!data.containsKey(key)) {
      return null;
    }
    return PrivateKeyParser.parse(key, blocks(key, data.get(key)), passphrase);
  }

  private static List<Pem.Block> blocks(String key, byte[] value) throws InvalidKeyException {
    if (isBlank(value)) {
      throw new InvalidKeyException(UNREADABLE_PEM, key, "is empty");
    }
    try {
      // ISO-8859-1 maps every byte to a char: binary junk fails as "not PEM", not as an
      // encoding error, and PEM itself is ASCII.
      return Pem.decode(new String(value, StandardCharsets.ISO_8859_1));
    } catch (Pem.MalformedPemException e) {
      throw new InvalidKeyException(UNREADABLE_PEM, key, e.getMessage());
    }
  }

  private static boolean isBlank(byte[] value) {
    return value == null || new String(value, StandardCharsets.ISO_8859_1).isBlank();
  }

  /**
   * Names only the entries the operator reads, never those the Secret has: a resource may name a
   * Secret whose contents its author cannot read, and must not learn their shape from us.
   */
  private static String emptyMessage() {
    return "the Secret holds no key: expected "
        + PRIVATE_PEM
        + " and/or "
        + PUBLIC_PEM
        + ", or "
        + TLS_CRT
        + " (with "
        + TLS_KEY
        + ")";
  }
}
