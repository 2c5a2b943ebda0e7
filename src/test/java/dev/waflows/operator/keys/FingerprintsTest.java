package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void matchesWhatOpensslComputed() throws Exception {
    assertThat(Fingerprints.sha256(fixturePublicKey())).isEqualTo(Fixtures.rsa2048Fingerprint());
  }

  @Test
  void hasThePrefixAndNoPadding() throws Exception {
    String fingerprint = Fingerprints.sha256(fixturePublicKey());

    assertThat(fingerprint).startsWith("SHA256:").doesNotEndWith("=").hasSize(7 + 43);
  }

  @Test
  void doesNotDependOnHowTheKeyWasEncoded() throws Exception {
    RSAPublicKey key = fixturePublicKey();
    // The same key in a SubjectPublicKeyInfo without the NULL algorithm parameters, as some
    // libraries write it; Bouncy Castle keeps that encoding in getEncoded().
    byte[] withoutNull =
        new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(
                    key.getModulus(), key.getPublicExponent()))
            .getEncoded();
    PublicKey other =
        KeyFactory.getInstance("RSA", BouncyCastle.PROVIDER)
            .generatePublic(new X509EncodedKeySpec(withoutNull));

    assertThat(Fingerprints.sha256(other)).isEqualTo(Fixtures.rsa2048Fingerprint());
  }

  @Test
  void differsForAnotherKey() throws Exception {
    RSAPublicKey key = fixturePublicKey();
    RSAPublicKey other =
        RsaKeys.publicKey(key.getModulus().add(BigInteger.TWO), key.getPublicExponent()).get();

    assertThat(Fingerprints.sha256(other)).isNotEqualTo(Fingerprints.sha256(key));
  }

  private static RSAPublicKey fixturePublicKey() throws Exception {
    return KeySecretReader.read(Fixtures.secret("public.pem", "rsa2048-public.pem"), null)
        .publicKey();
  }
}
