package dev.waflows.operator.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * RSA key structures to JDK key objects, and the checks every key passes: RSA, 2048 bits, and a
 * private key whose parts fit together. Keys are built with the JDK's own {@code KeyFactory} so
 * that callers get plain {@code java.security} keys whatever parsed them.
 */
final class RsaKeys {

  /** The only size WhatsApp Flows accepts. */
  static final int KEY_BITS = 2048;

  private static final Map<String, String> KEY_ALGORITHMS =
      Map.of(
          "1.2.840.113549.1.1.10", "an RSA-PSS key (RSA restricted to signatures)",
          "1.2.840.10045.2.1", "an EC key",
          "1.2.840.10040.4.1", "a DSA key",
          "1.3.101.110", "an X25519 key",
          "1.3.101.111", "an X448 key",
          "1.3.101.112", "an Ed25519 key",
          "1.3.101.113", "an Ed448 key");

  private RsaKeys() {}

  /** The private key in PKCS#8 {@code info}, checked. */
  static RSAPrivateCrtKey privateKey(String secretKey, PrivateKeyInfo info)
      throws InvalidKeyException {
    requireRsa(secretKey, info.getPrivateKeyAlgorithm());
    org.bouncycastle.asn1.pkcs.RSAPrivateKey rsa;
    try {
      rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(info.parsePrivateKey());
    } catch (IOException | RuntimeException e) {
      throw damaged(secretKey, "PRIVATE KEY");
    }
    return privateKey(secretKey, rsa);
  }

  /** The private key in a PKCS#1 structure, checked. */
  static RSAPrivateCrtKey privateKey(String secretKey, org.bouncycastle.asn1.pkcs.RSAPrivateKey rsa)
      throws InvalidKeyException {
    requireSize(secretKey, rsa.getModulus(), "RSA key");
    requireConsistent(secretKey, rsa);
    try {
      return (RSAPrivateCrtKey)
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new RSAPrivateCrtKeySpec(
                      rsa.getModulus(),
                      rsa.getPublicExponent(),
                      rsa.getPrivateExponent(),
                      rsa.getPrime1(),
                      rsa.getPrime2(),
                      rsa.getExponent1(),
                      rsa.getExponent2(),
                      rsa.getCoefficient()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw damaged(secretKey, "RSA PRIVATE KEY");
    }
  }

  /** The public key in {@code info}, checked; {@code what} names it in messages. */
  static RSAPublicKey publicKey(String secretKey, SubjectPublicKeyInfo info, String what)
      throws InvalidKeyException {
    requireRsa(secretKey, info.getAlgorithm());
    org.bouncycastle.asn1.pkcs.RSAPublicKey rsa;
    try {
      rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
    } catch (IOException | RuntimeException e) {
      throw damaged(secretKey, "PUBLIC KEY");
    }
    requireSize(secretKey, rsa.getModulus(), what);
    return publicKey(rsa.getModulus(), rsa.getPublicExponent())
        .orElseThrow(() -> damaged(secretKey, "PUBLIC KEY"));
  }

  /** A JDK public key for modulus and exponent, or empty if the JDK refuses them. */
  static Optional<RSAPublicKey> publicKey(BigInteger modulus, BigInteger exponent) {
    try {
      return Optional.of(
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(modulus, exponent)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The public half of {@code key}. */
  static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
    return publicKey(key.getModulus(), key.getPublicExponent())
        .orElseThrow(() -> new IllegalStateException("the JDK refused a checked RSA key"));
  }

  /** True if {@code key} is the public half of {@code privateKey}. */
  static boolean isPair(RSAPrivateCrtKey privateKey, RSAPublicKey key) {
    return PublicKeys.sameKey(publicKeyOf(privateKey), key);
  }

  /**
   * The DER SubjectPublicKeyInfo, built from modulus and exponent rather than taken from {@code
   * getEncoded()}, so that fingerprints and comparisons do not depend on how the key was written
   * (for instance with or without the NULL algorithm parameters).
   */
  static byte[] spki(RSAPublicKey key) {
    try {
      return new SubjectPublicKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
              new org.bouncycastle.asn1.pkcs.RSAPublicKey(
                  key.getModulus(), key.getPublicExponent()))
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot DER-encode a public key", e);
    }
  }

  static InvalidKeyException damaged(String secretKey, String type) {
    return new InvalidKeyException(
        InvalidKeyException.Problem.UNREADABLE_PEM,
        secretKey,
        "the PEM block " + type + " is damaged or truncated");
  }

  /** "an EC key", ... for a key algorithm; used for keys of the wrong kind. */
  static String describeAlgorithm(ASN1ObjectIdentifier algorithm) {
    return KEY_ALGORITHMS.getOrDefault(
        algorithm.getId(), "a key of algorithm " + algorithm.getId());
  }

  static InvalidKeyException notRsa(String secretKey, String description) {
    return new InvalidKeyException(
        InvalidKeyException.Problem.NOT_RSA,
        secretKey,
        "holds " + description + ", not RSA; WhatsApp Flows needs an RSA-2048 key");
  }

  private static void requireRsa(String secretKey, AlgorithmIdentifier algorithm)
      throws InvalidKeyException {
    if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
      throw notRsa(secretKey, describeAlgorithm(algorithm.getAlgorithm()));
    }
  }

  private static void requireSize(String secretKey, BigInteger modulus, String what)
      throws InvalidKeyException {
    int bits = modulus.bitLength();
    if (bits != KEY_BITS) {
      throw new InvalidKeyException(
          InvalidKeyException.Problem.WRONG_SIZE,
          secretKey,
          "the " + what + " has " + bits + " bits; WhatsApp Flows needs " + KEY_BITS);
    }
  }

  /**
   * Refuses a private key whose numbers do not fit together. Such a key parses, but the data
   * WhatsApp encrypts to its public half could never be decrypted with it; the check costs a few
   * multiplications.
   */
  private static void requireConsistent(
      String secretKey, org.bouncycastle.asn1.pkcs.RSAPrivateKey k) throws InvalidKeyException {
    BigInteger n = k.getModulus();
    BigInteger e = k.getPublicExponent();
    BigInteger d = k.getPrivateExponent();
    BigInteger p = k.getPrime1();
    BigInteger q = k.getPrime2();
    BigInteger one = BigInteger.ONE;
    // Sizes first: the numbers come from the Secret, and multiplying two numbers of millions of
    // bits (a few hundred KiB of DER each) takes the JDK tens of seconds.
    int bits = n.bitLength();
    boolean consistent =
        Stream.of(e, d, p, q, k.getExponent1(), k.getExponent2(), k.getCoefficient())
                .allMatch(x -> x.bitLength() <= bits)
            && p.compareTo(one) > 0
            && q.compareTo(one) > 0
            && e.compareTo(one) > 0
            && p.multiply(q).equals(n)
            && e.multiply(d).mod(lcm(p.subtract(one), q.subtract(one))).equals(one)
            && e.multiply(k.getExponent1()).mod(p.subtract(one)).equals(one)
            && e.multiply(k.getExponent2()).mod(q.subtract(one)).equals(one)
            && q.multiply(k.getCoefficient()).mod(p).equals(one);
    if (!consistent) {
      throw new InvalidKeyException(
          InvalidKeyException.Problem.NOT_A_PAIR,
          secretKey,
          "the private key is damaged: its numbers do not belong together");
    }
  }

  private static BigInteger lcm(BigInteger a, BigInteger b) {
    return a.divide(a.gcd(b)).multiply(b);
  }
}
