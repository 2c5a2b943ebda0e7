package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.security.PublicKey;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

class PublicKeysTest {

  private final PublicKey ours = PublicKeys.parsePem(text("rsa2048-public.pem")).orElseThrow();

  static Stream<Arguments> ourKeyAsGraphMayReturnIt() {
    String pem = text("rsa2048-public.pem");
    return Stream.of(
        arguments(named("as we wrote it", pem)),
        arguments(named("with CRLF", pem.replace("\n", "\r\n"))),
        arguments(named("with whitespace around", "  \n" + pem + "\n\n ")),
        arguments(named("without the final newline", pem.strip())),
        arguments(named("on one line", pem.replace("\n", ""))),
        arguments(named("with spaces for line breaks", pem.replace("\n", " "))),
        arguments(named("from the certificate's key, re-encoded", keyOfCertificateAsPem())));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ourKeyAsGraphMayReturnIt")
  void recognisesOurKeyWhateverTheText(String graphPem) {
    assertThat(PublicKeys.sameKey(ours, graphPem)).isTrue();
  }

  static Stream<Arguments> notOurKey() {
    String pem = text("rsa2048-public.pem");
    return Stream.of(
        arguments(named("empty", "")),
        arguments(named("whitespace", " \n\t ")),
        arguments(named("garbage", "hello")),
        arguments(named("another RSA key", text("other-rsa2048-public.pem"))),
        arguments(named("an EC key", text("ec-p256-public.pem"))),
        arguments(named("a truncated PEM", pem.substring(0, pem.length() / 2))),
        arguments(named("a damaged PEM", pem.replace("MII", "MIJ"))),
        arguments(named("two keys", pem + pem)),
        arguments(named("a certificate", text("rsa2048-cert.pem"))),
        arguments(named("a private key", text("rsa2048-pkcs8.pem"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("notOurKey")
  @NullSource
  void saysNotOurKeyWithoutThrowing(String graphPem) {
    assertThat(PublicKeys.sameKey(ours, graphPem)).isFalse();
  }

  @Test
  void comparesKeysWhateverWayTheyWereWritten() throws Exception {
    PublicKey fromCertificate =
        KeySecretReader.read(Fixtures.secret("tls.crt", "rsa2048-cert.pem"), null).publicKey();
    PublicKey fromPrivateKey =
        KeySecretReader.read(Fixtures.secret("private.pem", "rsa2048-pkcs1.pem"), null).publicKey();
    PublicKey other = PublicKeys.parsePem(text("other-rsa2048-public.pem")).orElseThrow();

    assertThat(PublicKeys.sameKey(ours, fromCertificate)).isTrue();
    assertThat(PublicKeys.sameKey(fromPrivateKey, ours)).isTrue();
    assertThat(PublicKeys.sameKey(ours, other)).isFalse();
    assertThat(PublicKeys.sameKey(other, ours)).isFalse();
  }

  @Test
  void parsePemIsEmptyForGarbage() {
    assertThat(PublicKeys.parsePem(null)).isEmpty();
    assertThat(PublicKeys.parsePem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
        .isEmpty();
  }

  @Test
  void parsePemReadsAnRsa1024KeyToo() {
    // Graph may hold any key; it must still compare (as not ours) rather than fail.
    assertThat(PublicKeys.parsePem(text("rsa1024-public.pem"))).isPresent();
  }

  private static String keyOfCertificateAsPem() {
    try {
      return KeySecretReader.read(Fixtures.secret("tls.crt", "rsa2048-cert.pem"), null)
          .publicKeyPem();
    } catch (InvalidKeyException e) {
      throw new AssertionError(e);
    }
  }
}
