package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.Fixtures.PASSPHRASE;
import static dev.waflows.operator.keys.Fixtures.bytes;
import static dev.waflows.operator.keys.Fixtures.secret;
import static dev.waflows.operator.keys.Fixtures.text;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.DISAGREEING_KEYS;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.EMPTY_SECRET;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.NOT_A_PAIR;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.NOT_RSA;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.PASSPHRASE_REQUIRED;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.UNREADABLE_PEM;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.WRONG_PASSPHRASE;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.WRONG_SIZE;
import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PUBLIC_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.TLS_CRT;
import static dev.waflows.operator.keys.KeySecretEntries.TLS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Secret data to key, on the committed openssl-written fixtures (no openssl needed). */
class KeySecretReaderTest {

  private static final String WRONG = "wrong-passphrase";

  /** A Secret that {@link KeySecretReader} accepts, and what it should make of it. */
  record Accepted(Map<String, byte[]> data, String passphrase, String source, boolean hasPrivate) {}

  static Stream<Arguments> accepted() {
    return Stream.of(
        ok("PKCS#1 plain", null, PRIVATE_PEM, true, PRIVATE_PEM, "rsa2048-pkcs1.pem"),
        ok(
            "PKCS#1 DES-EDE3-CBC (genrsa -des3)",
            PASSPHRASE,
            PRIVATE_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs1-des3.pem"),
        ok(
            "PKCS#1 AES-128-CBC",
            PASSPHRASE,
            PRIVATE_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs1-aes128.pem"),
        ok(
            "PKCS#1 AES-256-CBC",
            PASSPHRASE,
            PRIVATE_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs1-aes256.pem"),
        ok("PKCS#8 plain", null, PRIVATE_PEM, true, PRIVATE_PEM, "rsa2048-pkcs8.pem"),
        ok(
            "PKCS#8 encrypted",
            PASSPHRASE,
            PRIVATE_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs8-encrypted.pem"),
        ok(
            "a passphrase set for a plain key is ignored",
            PASSPHRASE,
            PRIVATE_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs8.pem"),
        ok(
            "private and public",
            null,
            PUBLIC_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs8.pem",
            PUBLIC_PEM,
            "rsa2048-public.pem"),
        ok("public key alone", null, PUBLIC_PEM, false, PUBLIC_PEM, "rsa2048-public.pem"),
        ok("certificate alone", null, TLS_CRT, false, TLS_CRT, "rsa2048-cert.pem"),
        ok(
            "certificate with tls.key",
            null,
            TLS_CRT,
            true,
            TLS_CRT,
            "rsa2048-cert.pem",
            TLS_KEY,
            "rsa2048-pkcs1.pem"),
        ok(
            "encrypted tls.key",
            PASSPHRASE,
            TLS_CRT,
            true,
            TLS_CRT,
            "rsa2048-cert.pem",
            TLS_KEY,
            "rsa2048-pkcs8-encrypted.pem"),
        ok("tls.key alone", null, TLS_KEY, true, TLS_KEY, "rsa2048-pkcs8.pem"),
        ok(
            "private.pem with a certificate",
            null,
            TLS_CRT,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs8.pem",
            TLS_CRT,
            "rsa2048-cert.pem"),
        ok(
            "public.pem and tls.crt agreeing",
            null,
            PUBLIC_PEM,
            false,
            PUBLIC_PEM,
            "rsa2048-public.pem",
            TLS_CRT,
            "rsa2048-cert.pem"),
        ok(
            "all four agreeing",
            PASSPHRASE,
            PUBLIC_PEM,
            true,
            PRIVATE_PEM,
            "rsa2048-pkcs1-des3.pem",
            TLS_KEY,
            "rsa2048-pkcs8.pem",
            PUBLIC_PEM,
            "rsa2048-public.pem",
            TLS_CRT,
            "rsa2048-cert.pem"),
        ok(
            "other entries are ignored",
            null,
            PUBLIC_PEM,
            false,
            PUBLIC_PEM,
            "rsa2048-public.pem",
            "ca.crt",
            "other-rsa2048-cert.pem",
            "README",
            "README.md"));
  }

  private static Arguments ok(
      String name, String passphrase, String source, boolean hasPrivate, String... entries) {
    return arguments(named(name, new Accepted(secret(entries), passphrase, source, hasPrivate)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("accepted")
  void readsEveryAcceptedForm(Accepted c) throws Exception {
    LoadedKey key = KeySecretReader.read(c.data(), passphrase(c.passphrase()));

    assertThat(key.fingerprint()).isEqualTo(Fixtures.rsa2048Fingerprint());
    assertThat(key.publicKeyPem()).isEqualTo(text("rsa2048-public.pem"));
    assertThat(key.publicKeySourceKey()).isEqualTo(c.source());
    assertThat(key.hasPrivateKey()).isEqualTo(c.hasPrivate());
    if (c.hasPrivate()) {
      assertThat(key.privateKey())
          .hasValueSatisfying(
              p -> assertThat(p.getModulus()).isEqualTo(key.publicKey().getModulus()));
    } else {
      assertThat(key.privateKey()).isEmpty();
    }
    assertThat(key.publicKey().getModulus().bitLength()).isEqualTo(2048);
  }

  static Stream<Arguments> textForms() {
    return Stream.of(
        form("CRLF line ends", t -> t.replace("\n", "\r\n")),
        form("surrounding whitespace", t -> "\n  \t\n" + t + "\n\n  "),
        form("no final newline", String::strip),
        form("two final newlines", t -> t + "\n"),
        form(
            "every line indented",
            t -> t.lines().map(l -> "  " + l).reduce("", (a, l) -> a + l + "\n")),
        form("a byte order mark", t -> "\uFEFF" + t),
        form("explanatory text before", t -> "Bag Attributes\n    localKeyID: 01\n" + t));
  }

  private static Arguments form(String name, UnaryOperator<String> change) {
    return arguments(named(name, change));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("textForms")
  void readsTheTextFormsKeysArriveIn(UnaryOperator<String> change) throws Exception {
    Map<String, byte[]> data = new HashMap<>();
    data.put(PRIVATE_PEM, ascii(change.apply(text("rsa2048-pkcs1-des3.pem"))));
    data.put(TLS_KEY, ascii(change.apply(text("rsa2048-pkcs8-encrypted.pem"))));
    data.put(PUBLIC_PEM, ascii(change.apply(text("rsa2048-public.pem"))));
    data.put(TLS_CRT, ascii(change.apply(text("rsa2048-cert.pem"))));

    LoadedKey key = KeySecretReader.read(data, Passphrase.of(PASSPHRASE));

    assertThat(key.fingerprint()).isEqualTo(Fixtures.rsa2048Fingerprint());
    assertThat(key.publicKeyPem()).isEqualTo(text("rsa2048-public.pem"));
  }

  @Test
  void readsTheLeafOfACertificateChain() throws Exception {
    String chain = text("rsa2048-cert.pem") + text("other-rsa2048-cert.pem");

    LoadedKey key = KeySecretReader.read(Map.of(TLS_CRT, ascii(chain)), null);

    assertThat(key.fingerprint()).isEqualTo(Fixtures.rsa2048Fingerprint());
  }

  @Test
  void readsAPkcs1PublicKey() throws Exception {
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
            Pem.decode(text("rsa2048-public.pem")).get(0).der());
    String pkcs1 = Pem.encode("RSA PUBLIC KEY", spki.getPublicKeyData().getBytes());

    LoadedKey key = KeySecretReader.read(Map.of(PUBLIC_PEM, ascii(pkcs1)), null);

    assertThat(key.fingerprint()).isEqualTo(Fixtures.rsa2048Fingerprint());
  }

  @Test
  void toStringShowsTheFingerprintOnly() throws Exception {
    Map<String, byte[]> data = secret(PRIVATE_PEM, "rsa2048-pkcs8-encrypted.pem");

    LoadedKey key = KeySecretReader.read(data, Passphrase.of(PASSPHRASE));

    assertThat(key)
        .hasToString(
            "LoadedKey[fingerprint="
                + Fixtures.rsa2048Fingerprint()
                + ", from=private.pem, privateKey=present]");
  }

  /** A Secret that {@link KeySecretReader} refuses, and what the user should be told. */
  record Refused(
      Map<String, byte[]> data,
      String passphrase,
      InvalidKeyException.Problem problem,
      String secretKey,
      String message) {}

  static Stream<Arguments> refused() {
    return Stream.of(
        no(
            "no data at all",
            Map.of(),
            null,
            EMPTY_SECRET,
            null,
            "the Secret holds no key: expected private.pem and/or public.pem, or tls.crt"
                + " (with tls.key)"),
        no(
            "only entries with other names",
            Map.of("private.key", bytes("rsa2048-pkcs8.pem"), "pub", bytes("rsa2048-public.pem")),
            null,
            EMPTY_SECRET,
            null,
            "the Secret holds no key: expected private.pem and/or public.pem, or tls.crt"
                + " (with tls.key)"),
        no(
            "only blank entries",
            Map.of(PRIVATE_PEM, ascii(""), PUBLIC_PEM, ascii(" \n")),
            null,
            EMPTY_SECRET,
            null,
            "the Secret holds no key"),
        no(
            "one blank entry beside a good one",
            Map.of(PRIVATE_PEM, ascii("\n"), PUBLIC_PEM, bytes("rsa2048-public.pem")),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: is empty"),
        no(
            "garbage",
            Map.of(PRIVATE_PEM, ascii("not a key at all")),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: is not PEM text (no -----BEGIN line)"),
        no(
            "DER instead of PEM",
            Map.of(PRIVATE_PEM, der("rsa2048-pkcs8.pem")),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: is not PEM text"),
        no(
            "PEM base64-encoded twice",
            Map.of(
                PUBLIC_PEM, ascii(Base64.getEncoder().encodeToString(bytes("rsa2048-public.pem")))),
            null,
            UNREADABLE_PEM,
            PUBLIC_PEM,
            "public.pem: holds base64 of PEM text"),
        no(
            "truncated: no END line",
            Map.of(PRIVATE_PEM, ascii(firstHalf("rsa2048-pkcs8.pem"))),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: the PEM block PRIVATE KEY has no END line: it is truncated"),
        no(
            "truncated: lines missing",
            Map.of(PRIVATE_PEM, ascii(withoutMiddleLines("rsa2048-pkcs8.pem"))),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: the PEM block PRIVATE KEY is damaged or truncated"),
        no(
            "truncated certificate",
            Map.of(TLS_CRT, ascii(withoutMiddleLines("rsa2048-cert.pem"))),
            null,
            UNREADABLE_PEM,
            TLS_CRT,
            "tls.crt: the PEM block CERTIFICATE is damaged"),
        no(
            "truncated legacy encrypted key",
            Map.of(PRIVATE_PEM, ascii(withoutMiddleLines("rsa2048-pkcs1-des3.pem"))),
            PASSPHRASE,
            WRONG_PASSPHRASE,
            PRIVATE_PEM,
            "or the encrypted key is damaged"),
        no(
            "broken base64",
            Map.of(PUBLIC_PEM, ascii(text("rsa2048-public.pem").replaceFirst("\n(.)", "\n*"))),
            null,
            UNREADABLE_PEM,
            PUBLIC_PEM,
            "public.pem: the PEM block PUBLIC KEY is damaged"),
        no(
            "a public key in private.pem",
            secret(PRIVATE_PEM, "rsa2048-public.pem"),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: holds no private key (found PUBLIC KEY)"),
        no(
            "a private key in public.pem",
            secret(PUBLIC_PEM, "rsa2048-pkcs8.pem"),
            null,
            UNREADABLE_PEM,
            PUBLIC_PEM,
            "public.pem: holds no public key (found PRIVATE KEY); a private key belongs in"
                + " private.pem"),
        no(
            "a certificate in public.pem",
            secret(PUBLIC_PEM, "rsa2048-cert.pem"),
            null,
            UNREADABLE_PEM,
            PUBLIC_PEM,
            "a certificate belongs in tls.crt"),
        no(
            "a public key in tls.crt",
            secret(TLS_CRT, "rsa2048-public.pem"),
            null,
            UNREADABLE_PEM,
            TLS_CRT,
            "tls.crt: holds no certificate (found PUBLIC KEY)"),
        no(
            "two private keys in one entry",
            Map.of(PRIVATE_PEM, ascii(text("rsa2048-pkcs8.pem") + text("rsa2048-pkcs1.pem"))),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: holds 2 private keys"),
        no(
            "an OpenSSH key",
            Map.of(
                PRIVATE_PEM,
                ascii(
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
                        + "-----END OPENSSH PRIVATE KEY-----\n")),
            null,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "ssh-keygen -p -m PKCS8"),
        no(
            "a legacy cipher not read here",
            Map.of(
                PRIVATE_PEM,
                ascii(text("rsa2048-pkcs1-des3.pem").replace("DES-EDE3-CBC", "CAMELLIA-256-CBC"))),
            PASSPHRASE,
            UNREADABLE_PEM,
            PRIVATE_PEM,
            "private.pem: the private key is encrypted with CAMELLIA-256-CBC, which is not read here"),
        no(
            "EC private key",
            secret(PRIVATE_PEM, "ec-p256.pem"),
            null,
            NOT_RSA,
            PRIVATE_PEM,
            "private.pem: holds an EC key, not RSA; WhatsApp Flows needs an RSA-2048 key"),
        no(
            "EC public key",
            secret(PUBLIC_PEM, "ec-p256-public.pem"),
            null,
            NOT_RSA,
            PUBLIC_PEM,
            "public.pem: holds an EC key, not RSA"),
        no(
            "RSA-1024 private key",
            secret(PRIVATE_PEM, "rsa1024-pkcs8.pem"),
            null,
            WRONG_SIZE,
            PRIVATE_PEM,
            "private.pem: the RSA key has 1024 bits; WhatsApp Flows needs 2048"),
        no(
            "RSA-1024 public key",
            secret(PUBLIC_PEM, "rsa1024-public.pem"),
            null,
            WRONG_SIZE,
            PUBLIC_PEM,
            "public.pem: the RSA key has 1024 bits"),
        no(
            "private.pem and public.pem not a pair",
            secret(PRIVATE_PEM, "rsa2048-pkcs8.pem", PUBLIC_PEM, "other-rsa2048-public.pem"),
            null,
            NOT_A_PAIR,
            PUBLIC_PEM,
            "public.pem: the public key does not belong to the private key in private.pem"),
        no(
            "private.pem and tls.crt not a pair",
            secret(PRIVATE_PEM, "rsa2048-pkcs8.pem", TLS_CRT, "other-rsa2048-cert.pem"),
            null,
            NOT_A_PAIR,
            TLS_CRT,
            "tls.crt: the certificate's key does not belong to the private key in private.pem"),
        no(
            "tls.key and tls.crt not a pair",
            secret(TLS_KEY, "rsa2048-pkcs1.pem", TLS_CRT, "other-rsa2048-cert.pem"),
            null,
            NOT_A_PAIR,
            TLS_CRT,
            "does not belong to the private key in tls.key"),
        no(
            "a private key with primes of 2,000,000 bits (costly to multiply)",
            Map.of(PRIVATE_PEM, ascii(pkcs1WithHugePrimes())),
            null,
            NOT_A_PAIR,
            PRIVATE_PEM,
            "its numbers do not belong together"),
        no(
            "a private key whose numbers do not fit",
            Map.of(PRIVATE_PEM, ascii(damagedPkcs1())),
            null,
            NOT_A_PAIR,
            PRIVATE_PEM,
            "private.pem: the private key is damaged: its numbers do not belong together"),
        no(
            "public.pem and tls.crt disagree",
            secret(PUBLIC_PEM, "rsa2048-public.pem", TLS_CRT, "other-rsa2048-cert.pem"),
            null,
            DISAGREEING_KEYS,
            TLS_CRT,
            "tls.crt: the certificate holds another public key than public.pem; when both are set"
                + " they must agree"),
        no(
            "private.pem and tls.key disagree",
            secret(PRIVATE_PEM, "rsa2048-pkcs8.pem", TLS_KEY, "other-rsa2048-pkcs8.pem"),
            null,
            DISAGREEING_KEYS,
            TLS_KEY,
            "tls.key: holds another private key than private.pem"),
        encrypted("rsa2048-pkcs1-des3.pem"),
        encrypted("rsa2048-pkcs1-aes128.pem"),
        encrypted("rsa2048-pkcs1-aes256.pem"),
        encrypted("rsa2048-pkcs8-encrypted.pem"),
        wrongPassphrase("rsa2048-pkcs1-des3.pem"),
        wrongPassphrase("rsa2048-pkcs1-aes128.pem"),
        wrongPassphrase("rsa2048-pkcs1-aes256.pem"),
        wrongPassphrase("rsa2048-pkcs8-encrypted.pem"),
        no(
            "encrypted tls.key without a passphrase",
            secret(TLS_CRT, "rsa2048-cert.pem", TLS_KEY, "rsa2048-pkcs8-encrypted.pem"),
            null,
            PASSPHRASE_REQUIRED,
            TLS_KEY,
            "tls.key: the private key is encrypted"));
  }

  private static Arguments encrypted(String fixture) {
    return no(
        fixture + " without a passphrase",
        secret(PRIVATE_PEM, fixture),
        null,
        PASSPHRASE_REQUIRED,
        PRIVATE_PEM,
        "private.pem: the private key is encrypted but no passphrase is set"
            + " (spec.passphraseSecretRef)");
  }

  private static Arguments wrongPassphrase(String fixture) {
    return no(
        fixture + " with a wrong passphrase",
        secret(PRIVATE_PEM, fixture),
        WRONG,
        WRONG_PASSPHRASE,
        PRIVATE_PEM,
        "private.pem: the passphrase does not decrypt the private key (wrong passphrase, or the"
            + " encrypted key is damaged)");
  }

  private static Arguments no(
      String name,
      Map<String, byte[]> data,
      String passphrase,
      InvalidKeyException.Problem problem,
      String secretKey,
      String message) {
    return arguments(named(name, new Refused(data, passphrase, problem, secretKey, message)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refused")
  void refusesWithAMessageNamingTheEntry(Refused c) {
    InvalidKeyException e = refuse(c);

    assertThat(e.problem()).isEqualTo(c.problem());
    assertThat(e.secretKey()).isEqualTo(c.secretKey());
    assertThat(e.getMessage()).contains(c.message());
    if (c.secretKey() != null) {
      assertThat(e.getMessage()).startsWith(c.secretKey() + ": ");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refused")
  void neverShowsKeyMaterialOrPassphrase(Refused c) {
    InvalidKeyException e = refuse(c);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    List<String> shown = List.of(e.getMessage(), e.toString(), trace.toString());
    List<String> secrets =
        Stream.concat(Fixtures.base64Lines(c.data()).stream(), Stream.of(PASSPHRASE, WRONG))
            .toList();

    assertThat(e.getCause()).isNull();
    for (String text : shown) {
      assertThat(secrets).noneMatch(text::contains);
    }
  }

  /**
   * A resource may name a Secret its author cannot read: no message names an entry the operator
   * does not read, so the Secret's shape stays hidden (issue 18).
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refused")
  void namesNoEntryTheOperatorDoesNotRead(Refused c) {
    Map<String, byte[]> withOthers = new java.util.HashMap<>(c.data());
    withOthers.put("db-password", ascii("hunter2"));
    withOthers.put("stripe.api-key", ascii("sk_live_x"));
    Throwable thrown =
        catchThrowable(() -> KeySecretReader.read(withOthers, passphrase(c.passphrase())));

    assertThat(thrown).isInstanceOf(InvalidKeyException.class);
    assertThat(thrown.getMessage()).doesNotContain("db-password").doesNotContain("stripe");
  }

  private static InvalidKeyException refuse(Refused c) {
    Throwable thrown =
        catchThrowable(() -> KeySecretReader.read(c.data(), passphrase(c.passphrase())));
    assertThat(thrown).isInstanceOf(InvalidKeyException.class);
    return (InvalidKeyException) thrown;
  }

  private static Passphrase passphrase(String passphraseOrNull) {
    return passphraseOrNull == null ? null : Passphrase.of(passphraseOrNull);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] der(String fixture) {
    try {
      return Pem.decode(text(fixture)).get(0).der();
    } catch (Pem.MalformedPemException e) {
      throw new AssertionError(e);
    }
  }

  private static String firstHalf(String fixture) {
    String text = text(fixture);
    return text.substring(0, text.length() / 2);
  }

  private static String withoutMiddleLines(String fixture) {
    List<String> lines = text(fixture).lines().toList();
    int middle = lines.size() / 2;
    return String.join("\n", lines.subList(0, middle - 2))
        + "\n"
        + String.join("\n", lines.subList(middle + 2, lines.size()))
        + "\n";
  }

  /**
   * The fixture's modulus with primes of 2,000,000 bits each: were they multiplied to compare with
   * the modulus, reading the key would take seconds of CPU.
   */
  private static String pkcs1WithHugePrimes() {
    try {
      RSAPrivateKey k =
          RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der("rsa2048-pkcs1.pem")));
      Random random = new Random(1);
      RSAPrivateKey hostile =
          new RSAPrivateKey(
              k.getModulus(),
              k.getPublicExponent(),
              k.getPrivateExponent(),
              new BigInteger(2_000_000, random),
              new BigInteger(2_000_000, random),
              k.getExponent1(),
              k.getExponent2(),
              k.getCoefficient());
      return Pem.encode("RSA PRIVATE KEY", hostile.getEncoded());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The fixture key with one CRT exponent off by two: it parses, but cannot decrypt. */
  private static String damagedPkcs1() {
    try {
      RSAPrivateKey k =
          RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der("rsa2048-pkcs1.pem")));
      RSAPrivateKey damaged =
          new RSAPrivateKey(
              k.getModulus(),
              k.getPublicExponent(),
              k.getPrivateExponent(),
              k.getPrime1(),
              k.getPrime2(),
              k.getExponent1().add(BigInteger.TWO),
              k.getExponent2(),
              k.getCoefficient());
      return Pem.encode("RSA PRIVATE KEY", damaged.getEncoded());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
