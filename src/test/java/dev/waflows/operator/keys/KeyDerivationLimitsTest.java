package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.InvalidKeyException.Problem.TOO_COSTLY_TO_OPEN;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.UNREADABLE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encrypted keys whose key derivation would cost too much are refused before any decryption. The
 * hostile keys are built as ASN.1 with huge parameters and random ciphertext, so the test never
 * pays the cost it guards against: were a key tried, the test would take minutes or run out of
 * memory rather than fail quickly.
 */
class KeyDerivationLimitsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ASN1ObjectIdentifier AES_256 = NISTObjectIdentifiers.id_aes256_CBC;
  private static final ASN1ObjectIdentifier AES_128 = NISTObjectIdentifiers.id_aes128_CBC;
  private static final ASN1ObjectIdentifier SHA1 = PKCSObjectIdentifiers.id_hmacWithSHA1;
  private static final ASN1ObjectIdentifier SHA256 = PKCSObjectIdentifiers.id_hmacWithSHA256;
  private static final ASN1ObjectIdentifier SHA512 = PKCSObjectIdentifiers.id_hmacWithSHA512;

  /** A refused key, and what the reader must say. */
  record Refused(
      AlgorithmIdentifier encryption, InvalidKeyException.Problem problem, String says) {}

  static Stream<Arguments> refused() {
    return Stream.of(
        refused(
            "PBKDF2-HMAC-SHA256, 5,000,000 iterations",
            pbkdf2(big(5_000_000), SHA256, null, AES_256),
            TOO_COSTLY_TO_OPEN,
            "a second of CPU: it asks for PBKDF2 with HMAC-SHA256 over 5,000,000 iterations,"
                + " and the limit is 1,000,000"),
        refused(
            "PBKDF2-HMAC-SHA512, 1,000,000 iterations (dearer per iteration)",
            pbkdf2(big(1_000_000), SHA512, null, AES_256),
            TOO_COSTLY_TO_OPEN,
            "HMAC-SHA512 over 1,000,000 iterations, and the limit is 650,000"),
        refused(
            "PBKDF2-HMAC-SHA1 (default PRF), 1,500,000 iterations for a 256-bit key",
            pbkdf2(big(1_500_000), null, null, AES_256),
            TOO_COSTLY_TO_OPEN,
            "HMAC-SHA1 (2 runs for a 256-bit key) over 1,500,000 iterations, and the limit is"
                + " 1,000,000"),
        refused(
            "PBKDF2, 2^31 + 5 iterations (negative as an int)",
            pbkdf2(BigInteger.TWO.pow(31).add(big(5)), SHA256, null, AES_256),
            TOO_COSTLY_TO_OPEN,
            "over 2,147,483,653 iterations"),
        refused(
            "PBKDF2, 2^80 iterations",
            pbkdf2(BigInteger.TWO.pow(80), SHA256, null, AES_256),
            TOO_COSTLY_TO_OPEN,
            "and the limit is 1,000,000"),
        refused(
            "PBKDF2, 0 iterations",
            pbkdf2(BigInteger.ZERO, SHA256, null, AES_256),
            UNREADABLE_PEM,
            "the encryption parameters of the ENCRYPTED PRIVATE KEY are damaged"),
        refused(
            "PBKDF2, absurd key length",
            pbkdf2(big(2048), SHA256, BigInteger.TWO.pow(31), AES_256),
            UNREADABLE_PEM,
            "the PBKDF2 key length of the encrypted private key is 2,147,483,648 bytes"),
        refused(
            "PBKDF2 with HMAC-GOST (a function not read here)",
            pbkdf2(big(2048), new ASN1ObjectIdentifier("1.2.643.2.2.10"), null, AES_256),
            UNREADABLE_PEM,
            "a PBKDF2 function 1.2.643.2.2.10, which is not read here"),
        refused(
            "scrypt N=2^20, r=8 (1 GiB)",
            scrypt(BigInteger.TWO.pow(20), big(8), big(1), null),
            TOO_COSTLY_TO_OPEN,
            "64 MiB of memory: it asks for scrypt N=1048576, r=8, p=1, which needs 128*N*r = 1,024 MiB,"
                + " and the limit is 64 MiB"),
        refused(
            "scrypt N=2^62, r=2^40",
            scrypt(BigInteger.TWO.pow(62), BigInteger.TWO.pow(40), big(1), null),
            TOO_COSTLY_TO_OPEN,
            "64 MiB of memory"),
        refused(
            "scrypt N=16384, r=8, p=16 (16 MiB, but 16 times the work)",
            scrypt(big(16384), big(8), big(16), null),
            TOO_COSTLY_TO_OPEN,
            "a second of CPU: it asks for scrypt N=16384, r=8, p=16, whose N*r*p = 2,097,152, and"
                + " the limit is 1,048,576"),
        refused(
            "scrypt p=2^31-1",
            scrypt(big(2), big(1), big(Integer.MAX_VALUE), null),
            TOO_COSTLY_TO_OPEN,
            "N*r*p = 4,294,967,294"),
        refused(
            "scrypt N not a power of 2",
            scrypt(big(1000), big(8), big(1), null),
            UNREADABLE_PEM,
            "N must be a power of 2"),
        refused(
            "scrypt, absurd key length",
            scrypt(big(16384), big(8), big(1), BigInteger.TWO.pow(40)),
            UNREADABLE_PEM,
            "the scrypt key length of the encrypted private key is 1,099,511,627,776 bytes"),
        refused(
            "PKCS#12 PBE-SHA1-3DES, 2,000,000 iterations",
            pbe(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC, big(2_000_000)),
            TOO_COSTLY_TO_OPEN,
            "PKCS#12 PBE over 2,000,000 iterations, and the limit is 600,000"),
        refused(
            "PBES1 MD5-DES, 10,000,000 iterations",
            pbe(PKCSObjectIdentifiers.pbeWithMD5AndDES_CBC, big(10_000_000)),
            TOO_COSTLY_TO_OPEN,
            "PBES1 over 10,000,000 iterations, and the limit is 1,500,000"),
        refused(
            "PBES1 MD2-DES (not run by the decryptor)",
            pbe(PKCSObjectIdentifiers.pbeWithMD2AndDES_CBC, big(2048)),
            UNREADABLE_PEM,
            "a scheme 1.2.840.113549.1.5.1, which is not read here"),
        refused(
            "an unknown scheme",
            new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4"), DERNull.INSTANCE),
            UNREADABLE_PEM,
            "a scheme 1.2.3.4, which is not read here"),
        refused(
            "PBES2 with an unknown key derivation",
            pbes2(
                new KeyDerivationFunc(new ASN1ObjectIdentifier("1.2.3.5"), DERNull.INSTANCE),
                AES_256),
            UNREADABLE_PEM,
            "a key derivation 1.2.3.5, which is not read here"),
        refused(
            "PBES2 with an unknown cipher",
            pbkdf2(big(2048), SHA256, null, new ASN1ObjectIdentifier("1.2.3.6")),
            UNREADABLE_PEM,
            "a cipher 1.2.3.6, which is not read here"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refused")
  void refusesBeforeTryingToDecrypt(Refused c) {
    Map<String, byte[]> secret = Map.of(PRIVATE_PEM, encryptedKeyPem(c.encryption()));

    Throwable withPassphrase =
        catchThrowable(() -> KeySecretReader.read(secret, Passphrase.of("a passphrase")));
    Throwable withoutPassphrase = catchThrowable(() -> KeySecretReader.read(secret, null));

    assertThat(withPassphrase)
        .isInstanceOfSatisfying(
            InvalidKeyException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(c.problem());
              assertThat(e.getMessage()).startsWith(PRIVATE_PEM + ": ").contains(c.says());
            });
    // Judged before the passphrase matters, so the same answer comes without one.
    assertThat(withoutPassphrase)
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(withPassphrase.getMessage());
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments(
            named(
                "openssl pkcs8 -v2 aes-256-cbc default", pbkdf2(big(2048), SHA256, null, AES_256))),
        arguments(
            named(
                "our writer, 600,000 x HMAC-SHA256", pbkdf2(big(600_000), SHA256, null, AES_256))),
        arguments(named("HMAC-SHA256 at the limit", pbkdf2(big(1_000_000), SHA256, null, AES_256))),
        arguments(
            named(
                "HMAC-SHA1, 256-bit key, at the limit",
                pbkdf2(big(1_000_000), SHA1, null, AES_256))),
        arguments(
            named(
                "HMAC-SHA1, 128-bit key, at the limit",
                pbkdf2(big(2_000_000), SHA1, null, AES_128))),
        arguments(named("HMAC-SHA512 at the limit", pbkdf2(big(650_000), SHA512, null, AES_256))),
        arguments(
            named(
                "PBKDF2 with a matching key length", pbkdf2(big(2048), SHA256, big(32), AES_256))),
        arguments(named("openssl -scrypt default", scrypt(big(16384), big(8), big(1), null))),
        arguments(named("scrypt at both limits", scrypt(big(65536), big(8), big(2), big(32)))),
        arguments(
            named(
                "PKCS#12 3DES default",
                pbe(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC, big(2048)))),
        arguments(
            named(
                "PBES1 SHA1-DES default",
                pbe(PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC, big(2048)))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("accepted")
  void acceptsWhatToolsWriteUpToTheLimits(AlgorithmIdentifier encryption) {
    assertThatCode(() -> KeyDerivationLimits.check(PRIVATE_PEM, encryption))
        .doesNotThrowAnyException();
  }

  private static Arguments refused(
      String name,
      AlgorithmIdentifier encryption,
      InvalidKeyException.Problem problem,
      String says) {
    return arguments(named(name, new Refused(encryption, problem, says)));
  }

  /** PBES2 with PBKDF2; a null PRF is left out (the default, HMAC-SHA1). */
  private static AlgorithmIdentifier pbkdf2(
      BigInteger iterations,
      ASN1ObjectIdentifier prfOrNull,
      BigInteger keyLengthOrNull,
      ASN1ObjectIdentifier cipher) {
    ASN1EncodableVector params = new ASN1EncodableVector();
    params.add(new DEROctetString(random(16)));
    params.add(new ASN1Integer(iterations));
    if (keyLengthOrNull != null) {
      params.add(new ASN1Integer(keyLengthOrNull));
    }
    if (prfOrNull != null) {
      params.add(new AlgorithmIdentifier(prfOrNull, DERNull.INSTANCE));
    }
    return pbes2(
        new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new DERSequence(params)), cipher);
  }

  private static AlgorithmIdentifier scrypt(
      BigInteger n, BigInteger r, BigInteger p, BigInteger keyLengthOrNull) {
    ASN1EncodableVector params = new ASN1EncodableVector();
    params.add(new DEROctetString(random(16)));
    params.add(new ASN1Integer(n));
    params.add(new ASN1Integer(r));
    params.add(new ASN1Integer(p));
    if (keyLengthOrNull != null) {
      params.add(new ASN1Integer(keyLengthOrNull));
    }
    return pbes2(
        new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, new DERSequence(params)), AES_256);
  }

  private static AlgorithmIdentifier pbes2(KeyDerivationFunc kdf, ASN1ObjectIdentifier cipher) {
    EncryptionScheme scheme = new EncryptionScheme(cipher, new DEROctetString(random(16)));
    return new AlgorithmIdentifier(
        PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(kdf, scheme));
  }

  /** PKCS#12 PBE and PBES1 share the parameter shape: salt, then iterations. */
  private static AlgorithmIdentifier pbe(ASN1ObjectIdentifier scheme, BigInteger iterations) {
    ASN1Encodable params =
        new DERSequence(
            new ASN1Encodable[] {new DEROctetString(random(8)), new ASN1Integer(iterations)});
    return new AlgorithmIdentifier(scheme, params);
  }

  /** An ENCRYPTED PRIVATE KEY block over random bytes: nothing in it could ever decrypt. */
  private static byte[] encryptedKeyPem(AlgorithmIdentifier encryption) {
    try {
      byte[] der = new EncryptedPrivateKeyInfo(encryption, random(1232)).getEncoded();
      return Pem.encode("ENCRYPTED PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
