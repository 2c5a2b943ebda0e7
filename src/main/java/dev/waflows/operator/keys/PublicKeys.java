package dev.waflows.operator.keys;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Public keys that come from outside, such as the {@code business_public_key} Graph stores. Never
 * throws on bad input: a key we cannot read is simply not our key.
 */
public final class PublicKeys {

  private PublicKeys() {}

  /**
   * The RSA public key in {@code pemOrNull}: one {@code PUBLIC KEY} (or PKCS#1 {@code RSA PUBLIC
   * KEY}) block, read as tolerantly as Secret entries (CRLF, whitespace, one line). Any size is
   * accepted, so that a stored key of the wrong size still compares as "not ours".
   *
   * @return empty for null, blank or unreadable text, text holding anything but exactly one public
   *     key block, or a key that is not RSA
   */
  public static Optional<PublicKey> parsePem(String pemOrNull) {
    if (pemOrNull == null || pemOrNull.isBlank()) {
      return Optional.empty();
    }
    try {
      List<Pem.Block> blocks = Pem.decode(pemOrNull);
      if (blocks.size() != 1) {
        return Optional.empty();
      }
      Pem.Block block = blocks.get(0);
      if (!block.type().equals("PUBLIC KEY") && !block.type().equals("RSA PUBLIC KEY")) {
        return Optional.empty();
      }
      SubjectPublicKeyInfo info = PublicKeyParser.spki("graph", block);
      if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
        return Optional.empty();
      }
      org.bouncycastle.asn1.pkcs.RSAPublicKey rsa =
          org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
      return RsaKeys.publicKey(rsa.getModulus(), rsa.getPublicExponent()).map(k -> k);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /**
   * True if {@code graphStoredPemOrNull} holds the same key as {@code ours}, compared as keys (see
   * {@link #sameKey(PublicKey, PublicKey)}) rather than as text: Graph may give the PEM back with
   * other line ends or whitespace. False (never an exception) for null, blank or unreadable text.
   */
  public static boolean sameKey(PublicKey ours, String graphStoredPemOrNull) {
    Objects.requireNonNull(ours, "ours");
    return parsePem(graphStoredPemOrNull).map(theirs -> sameKey(ours, theirs)).orElse(false);
  }

  /**
   * True if both are the same public key. This is the one key comparison of the operator: keys are
   * compared as their canonical DER SubjectPublicKeyInfo (see {@link #canonicalDer}), so two
   * writings of one key (from a certificate, a PKCS#1 block, with or without NULL parameters) are
   * equal, and the comparison agrees with the fingerprint.
   */
  public static boolean sameKey(PublicKey a, PublicKey b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return Arrays.equals(canonicalDer(a), canonicalDer(b));
  }

  /**
   * The DER SubjectPublicKeyInfo of {@code key}; an RSA key is re-encoded from modulus and
   * exponent, so the bytes do not depend on how the key was written.
   */
  static byte[] canonicalDer(PublicKey key) {
    return key instanceof RSAPublicKey rsa ? RsaKeys.spki(rsa) : key.getEncoded();
  }
}
