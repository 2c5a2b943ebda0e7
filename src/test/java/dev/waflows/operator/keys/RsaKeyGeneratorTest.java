package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RsaKeyGeneratorTest {

  private final RsaKeyGenerator generator = new RsaKeyGenerator();

  @Test
  void generatesRsa2048WithExponent65537() {
    KeyPair pair = generator.generate();

    assertThat(pair.getPublic())
        .isInstanceOfSatisfying(
            RSAPublicKey.class,
            k -> {
              assertThat(k.getModulus().bitLength()).isEqualTo(2048);
              assertThat(k.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
            });
    assertThat(pair.getPrivate()).isInstanceOf(RSAPrivateCrtKey.class);
  }

  @Test
  void generatesADifferentPairEachTime() {
    RSAPublicKey first = (RSAPublicKey) generator.generate().getPublic();
    RSAPublicKey second = (RSAPublicKey) generator.generate().getPublic();

    assertThat(first.getModulus()).isNotEqualTo(second.getModulus());
  }
}
