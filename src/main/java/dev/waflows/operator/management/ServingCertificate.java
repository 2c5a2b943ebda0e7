package dev.waflows.operator.management;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate an HTTPS port serves: the {@code tls.crt} and {@code tls.key} of a mounted
 * directory (a {@code kubernetes.io/tls} Secret, e.g. from cert-manager), or, without one, a
 * self-signed certificate made in memory at start, as controller-runtime does. The self-signed key
 * is never written anywhere; clients either skip verification or pin nothing.
 *
 * @param key the private key
 * @param chain the certificate first, then any intermediates
 */
public record ServingCertificate(PrivateKey key, List<X509Certificate> chain) {

  /** The file names of a {@code kubernetes.io/tls} Secret. */
  public static final String CERT_FILE = "tls.crt";

  public static final String KEY_FILE = "tls.key";

  /** As client-go's self-signed serving certificates: one year. */
  static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

  public ServingCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
  }

  /**
   * A fresh ECDSA P-256 key and a certificate for {@code hostNames} signed by itself, valid from an
   * hour ago (clock skew) for {@link #SELF_SIGNED_VALIDITY}.
   */
  public static ServingCertificate selfSigned(String commonName, List<String> hostNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + commonName);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(127, new SecureRandom()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(SELF_SIGNED_VALIDITY)),
              name,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              hostNames.stream()
                  .map(h -> new GeneralName(GeneralName.dNSName, h))
                  .toArray(GeneralName[]::new)));
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new ServingCertificate(
          pair.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
    }
  }

  /**
   * Parses the contents of {@code tls.crt} (PEM, one or more certificates) and {@code tls.key}
   * (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted), as cert-manager writes them.
   *
   * @param dir where they were read, for messages
   * @throws IOException naming the file that cannot be read, never quoting its content
   */
  static ServingCertificate fromPem(Path dir, byte[] crt, byte[] keyPem) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try (PEMParser pem = parser(crt)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new IOException(dir.resolve(CERT_FILE) + ": not a PEM certificate");
    }
    if (chain.isEmpty()) {
      throw new IOException(dir.resolve(CERT_FILE) + ": no PEM certificate in it");
    }
    Object parsed;
    try (PEMParser pem = parser(keyPem)) {
      parsed = pem.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IOException(dir.resolve(KEY_FILE) + ": not a PEM private key");
    }
    PrivateKey key;
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else if (parsed instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else {
        throw new IOException(dir.resolve(KEY_FILE) + ": no unencrypted PEM private key in it");
      }
    } catch (PEMException | RuntimeException e) {
      throw new IOException(dir.resolve(KEY_FILE) + ": not a usable private key");
    }
    if (!belongTogether(key, chain.get(0))) {
      throw new IOException(
          dir.resolve(KEY_FILE) + ": not the key of the certificate in " + CERT_FILE);
    }
    return new ServingCertificate(key, chain);
  }

  /** Whether the certificate's public key verifies what {@code key} signs. */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A PKCS#12 key store in memory holding the key and chain under {@code password}. */
  KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("serving", key, password, chain.toArray(X509Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the serving certificate: " + e, e);
    }
  }

  private static PEMParser parser(byte[] pem) {
    return new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)));
  }
}
