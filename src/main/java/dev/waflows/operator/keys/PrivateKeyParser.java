package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.InvalidKeyException.Problem.PASSPHRASE_REQUIRED;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.UNREADABLE_PEM;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.WRONG_PASSPHRASE;

import java.io.IOException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.openssl.PEMDecryptor;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * Reads the one RSA private key of a Secret entry ({@code private.pem} or {@code tls.key}): PKCS#8
 * plain or encrypted, PKCS#1 plain or encrypted the legacy OpenSSL way.
 */
final class PrivateKeyParser {

  /**
   * Legacy OpenSSL ciphers ({@code DEK-Info}) that {@code openssl genrsa/rsa} offer and we read.
   */
  private static final Set<String> LEGACY_CIPHERS =
      Set.of("DES-CBC", "DES-EDE3-CBC", "AES-128-CBC", "AES-192-CBC", "AES-256-CBC");

  private static final String NO_PASSPHRASE =
      "the private key is encrypted but no passphrase is set (spec.passphraseSecretRef)";
  private static final String WRONG =
      "the passphrase does not decrypt the private key (wrong passphrase, or the encrypted key is"
          + " damaged)";

  private PrivateKeyParser() {}

  static RSAPrivateCrtKey parse(String secretKey, List<Pem.Block> blocks, Passphrase passphrase)
      throws InvalidKeyException {
    List<Pem.Block> keys = blocks.stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
    if (keys.isEmpty()) {
      throw new InvalidKeyException(
          UNREADABLE_PEM, secretKey, "holds no private key (found " + types(blocks) + ")");
    }
    if (keys.size() > 1) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "holds " + keys.size() + " private keys; it must hold exactly one");
    }
    Pem.Block block = keys.get(0);
    switch (block.type()) {
      case "PRIVATE KEY":
        return RsaKeys.privateKey(secretKey, pkcs8(secretKey, block));
      case "ENCRYPTED PRIVATE KEY":
        return RsaKeys.privateKey(secretKey, encryptedPkcs8(secretKey, block, passphrase));
      case "RSA PRIVATE KEY":
        return RsaKeys.privateKey(secretKey, pkcs1(secretKey, block, passphrase));
      case "EC PRIVATE KEY":
        throw RsaKeys.notRsa(secretKey, "an EC key");
      case "DSA PRIVATE KEY":
        throw RsaKeys.notRsa(secretKey, "a DSA key");
      case "OPENSSH PRIVATE KEY":
        throw new InvalidKeyException(
            UNREADABLE_PEM,
            secretKey,
            "holds an OpenSSH private key, which is not read here; convert it to PKCS#8 with"
                + " ssh-keygen -p -m PKCS8 -f <file>");
      default:
        throw new InvalidKeyException(
            UNREADABLE_PEM,
            secretKey,
            "holds a " + block.type() + " block, which is not a private key format read here");
    }
  }

  private static PrivateKeyInfo pkcs8(String secretKey, Pem.Block block)
      throws InvalidKeyException {
    try {
      return PrivateKeyInfo.getInstance(block.asn1());
    } catch (IOException | RuntimeException e) {
      throw RsaKeys.damaged(secretKey, block.type());
    }
  }

  private static PrivateKeyInfo encryptedPkcs8(
      String secretKey, Pem.Block block, Passphrase passphrase) throws InvalidKeyException {
    PKCS8EncryptedPrivateKeyInfo encrypted;
    try {
      encrypted = new PKCS8EncryptedPrivateKeyInfo(block.der());
    } catch (Exception e) {
      throw RsaKeys.damaged(secretKey, block.type());
    }
    // Before the passphrase matters: a key too costly to open is refused with or without one.
    KeyDerivationLimits.check(secretKey, encrypted.getEncryptionAlgorithm());
    if (passphrase == null) {
      throw new InvalidKeyException(PASSPHRASE_REQUIRED, secretKey, NO_PASSPHRASE);
    }
    char[] chars = passphrase.chars();
    try {
      return encrypted.decryptPrivateKeyInfo(
          new JcePKCSPBEInputDecryptorProviderBuilder()
              .setProvider(BouncyCastle.PROVIDER)
              .build(chars));
    } catch (PKCSException e) {
      // The decryptor is built before any data is decrypted: failing there means a scheme we
      // cannot run, failing later means the derived key does not decrypt the data.
      if (e.getCause() instanceof OperatorCreationException) {
        throw new InvalidKeyException(
            UNREADABLE_PEM,
            secretKey,
            "the private key is encrypted with a scheme that is not read here ("
                + encrypted.getEncryptionAlgorithm().getAlgorithm().getId()
                + "); re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc");
      }
      throw new InvalidKeyException(WRONG_PASSPHRASE, secretKey, WRONG);
    } catch (RuntimeException e) {
      // Decrypted with a wrong key, the padding can still look right; the result is noise.
      throw new InvalidKeyException(WRONG_PASSPHRASE, secretKey, WRONG);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static RSAPrivateKey pkcs1(String secretKey, Pem.Block block, Passphrase passphrase)
      throws InvalidKeyException {
    String procType = block.header("Proc-Type");
    if (procType == null) {
      try {
        return RSAPrivateKey.getInstance(block.asn1());
      } catch (IOException | RuntimeException e) {
        throw RsaKeys.damaged(secretKey, block.type());
      }
    }
    if (!procType.replace(" ", "").equalsIgnoreCase("4,ENCRYPTED")) {
      throw new InvalidKeyException(
          UNREADABLE_PEM, secretKey, "the Proc-Type header of the RSA PRIVATE KEY is not known");
    }
    String[] dekInfo = dekInfo(secretKey, block);
    if (passphrase == null) {
      throw new InvalidKeyException(PASSPHRASE_REQUIRED, secretKey, NO_PASSPHRASE);
    }
    char[] chars = passphrase.chars();
    byte[] plain = null;
    try {
      PEMDecryptor decryptor =
          new JcePEMDecryptorProviderBuilder()
              .setProvider(BouncyCastle.PROVIDER)
              .build(chars)
              .get(dekInfo[0]);
      plain = decryptor.decrypt(block.der(), HexFormat.of().parseHex(dekInfo[1]));
      return RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(plain));
    } catch (Exception e) {
      // Bad padding, or (1 in 256) good padding over noise that is then no key structure.
      throw new InvalidKeyException(WRONG_PASSPHRASE, secretKey, WRONG);
    } finally {
      Arrays.fill(chars, '\0');
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** The cipher name and the hex IV of the DEK-Info header, checked before any decryption. */
  private static String[] dekInfo(String secretKey, Pem.Block block) throws InvalidKeyException {
    String header = block.header("DEK-Info");
    String[] parts = header == null ? new String[0] : header.split(",", -1);
    if (parts.length != 2) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "the encrypted RSA PRIVATE KEY has no usable DEK-Info header: it is damaged");
    }
    String cipher = parts[0].trim().toUpperCase(Locale.ROOT);
    String iv = parts[1].trim();
    if (!LEGACY_CIPHERS.contains(cipher)) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "the private key is encrypted with "
              + cipher
              + ", which is not read here; re-encrypt it with openssl pkcs8 -topk8 -v2"
              + " aes-256-cbc");
    }
    if (iv.isEmpty() || iv.length() % 2 != 0 || !iv.chars().allMatch(PrivateKeyParser::isHex)) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "the DEK-Info header of the encrypted RSA PRIVATE KEY is damaged");
    }
    return new String[] {cipher, iv};
  }

  private static boolean isHex(int c) {
    return Character.digit(c, 16) >= 0;
  }

  static String types(List<Pem.Block> blocks) {
    return String.join(", ", blocks.stream().map(Pem.Block::type).distinct().toList());
  }
}
