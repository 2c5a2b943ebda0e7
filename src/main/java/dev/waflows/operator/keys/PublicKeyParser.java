package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.InvalidKeyException.Problem.UNREADABLE_PEM;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Reads the RSA public key of a Secret entry: {@code public.pem} (SubjectPublicKeyInfo, or PKCS#1
 * {@code RSA PUBLIC KEY}) or the leaf certificate of {@code tls.crt}.
 */
final class PublicKeyParser {

  private PublicKeyParser() {}

  /** The one public key in a {@code public.pem} entry, checked. */
  static RSAPublicKey publicKey(String secretKey, List<Pem.Block> blocks)
      throws InvalidKeyException {
    List<Pem.Block> keys =
        blocks.stream()
            .filter(b -> b.type().equals("PUBLIC KEY") || b.type().equals("RSA PUBLIC KEY"))
            .toList();
    if (keys.isEmpty()) {
      throw new InvalidKeyException(UNREADABLE_PEM, secretKey, noPublicKey(blocks));
    }
    if (keys.size() > 1) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "holds " + keys.size() + " public keys; it must hold exactly one");
    }
    return RsaKeys.publicKey(secretKey, spki(secretKey, keys.get(0)), "RSA key");
  }

  /**
   * The public key of the first certificate in a {@code tls.crt} entry, checked. The first one is
   * the leaf by the convention of {@code kubernetes.io/tls} Secrets; a chain may follow it.
   * Validity dates do not matter here: WhatsApp uses the key, not the certificate.
   */
  static RSAPublicKey certificateKey(String secretKey, List<Pem.Block> blocks)
      throws InvalidKeyException {
    Pem.Block leaf =
        blocks.stream()
            .filter(b -> b.type().equals("CERTIFICATE"))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidKeyException(
                        UNREADABLE_PEM,
                        secretKey,
                        "holds no certificate (found " + PrivateKeyParser.types(blocks) + ")"));
    SubjectPublicKeyInfo info;
    try {
      info = Certificate.getInstance(leaf.asn1()).getSubjectPublicKeyInfo();
    } catch (IOException | RuntimeException e) {
      throw RsaKeys.damaged(secretKey, leaf.type());
    }
    return RsaKeys.publicKey(secretKey, info, "certificate's RSA key");
  }

  /** The block as a SubjectPublicKeyInfo, wrapping a PKCS#1 {@code RSA PUBLIC KEY}. */
  static SubjectPublicKeyInfo spki(String secretKey, Pem.Block block) throws InvalidKeyException {
    try {
      if (block.type().equals("RSA PUBLIC KEY")) {
        return new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption),
            org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(block.asn1()));
      }
      return SubjectPublicKeyInfo.getInstance(block.asn1());
    } catch (IOException | RuntimeException e) {
      throw RsaKeys.damaged(secretKey, block.type());
    }
  }

  private static String noPublicKey(List<Pem.Block> blocks) {
    String found = "holds no public key (found " + PrivateKeyParser.types(blocks) + ")";
    if (blocks.stream().anyMatch(b -> b.type().endsWith("PRIVATE KEY"))) {
      return found + "; a private key belongs in " + KeySecretEntries.PRIVATE_PEM;
    }
    if (blocks.stream().anyMatch(b -> b.type().equals("CERTIFICATE"))) {
      return found + "; a certificate belongs in " + KeySecretEntries.TLS_CRT;
    }
    return found;
  }
}
