package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.InvalidKeyException.Problem.WRONG_PASSPHRASE;
import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PUBLIC_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.TLS_CRT;
import static dev.waflows.operator.keys.KeySecretEntries.TLS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys written by the {@code openssl} command are read, and keys we write are read by it. Every
 * case is skipped (by assumption) where {@code openssl} is not installed; the committed fixtures
 * cover the same forms without it.
 */
class OpenSslInteropTest {

  private static final String ASCII = "interop-passphrase";

  /** Non-ASCII, to prove that both sides turn it into the same (UTF-8) bytes. */
  private static final String UNICODE = "pässwörd-€-✓";

  @TempDir Path dir;

  /** Openssl commands that write key.pem (and maybe more), and the Secret made of the files. */
  record Made(List<String[]> commands, Map<String, String> entries, String passphrase) {}

  static Stream<Arguments> openSslForms() {
    String[] genkey = {
      "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "plain.pem"
    };
    return Stream.of(
        made("PKCS#8 (genpkey)", null, Map.of(PRIVATE_PEM, "plain.pem"), genkey),
        made(
            "PKCS#1 (-traditional)",
            null,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("pkey -in plain.pem -traditional -out key.pem")),
        made(
            "PKCS#1 DES-EDE3-CBC",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("rsa -in plain.pem -traditional -des3 -passout pass:" + ASCII + " -out key.pem")),
        made(
            "PKCS#1 AES-128-CBC",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("rsa -in plain.pem -traditional -aes128 -passout pass:" + ASCII + " -out key.pem")),
        made(
            "PKCS#1 AES-192-CBC",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("rsa -in plain.pem -traditional -aes192 -passout pass:" + ASCII + " -out key.pem")),
        made(
            "PKCS#1 AES-256-CBC",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("rsa -in plain.pem -traditional -aes256 -passout pass:" + ASCII + " -out key.pem")),
        made(
            "PKCS#1 AES-256-CBC, non-ASCII passphrase",
            UNICODE,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("rsa -in plain.pem -traditional -aes256 -passout file:pass.txt -out key.pem")),
        made(
            "PKCS#8 AES-256-CBC, PBKDF2-HMAC-SHA256 (default iterations)",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd(
                "pkcs8 -topk8 -v2 aes-256-cbc -in plain.pem -passout pass:"
                    + ASCII
                    + " -out key.pem")),
        made(
            "genrsa -aes256 (encrypted PKCS#8 in OpenSSL 3, default iterations)",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            cmd("genrsa -aes256 -passout pass:" + ASCII + " -out key.pem 2048"),
            cmd("pkey -in key.pem -passin pass:" + ASCII + " -out plain.pem")),
        made(
            "PKCS#8 AES-128-CBC, PBKDF2-HMAC-SHA1",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd(
                "pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -in plain.pem -passout pass:"
                    + ASCII
                    + " -out key.pem")),
        made(
            "PKCS#8 DES-EDE3-CBC",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("pkcs8 -topk8 -v2 des3 -in plain.pem -passout pass:" + ASCII + " -out key.pem")),
        made(
            "PKCS#8 scrypt (default N=16384, r=8, p=1)",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd("pkcs8 -topk8 -scrypt -in plain.pem -passout pass:" + ASCII + " -out key.pem")),
        made(
            "PKCS#8 PBE-SHA1-3DES (PKCS#12 PBE)",
            ASCII,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd(
                "pkcs8 -topk8 -v1 PBE-SHA1-3DES -in plain.pem -passout pass:"
                    + ASCII
                    + " -out key.pem")),
        made(
            "PKCS#8 AES-256-CBC, non-ASCII passphrase",
            UNICODE,
            Map.of(PRIVATE_PEM, "key.pem"),
            genkey,
            cmd(
                "pkcs8 -topk8 -v2 aes-256-cbc -in plain.pem -passout file:pass.txt"
                    + " -out key.pem")),
        made(
            "WhatsApp guide: genrsa -des3, then rsa -pubout",
            ASCII,
            Map.of(PRIVATE_PEM, "private.pem", PUBLIC_PEM, "public.pem"),
            cmd("genrsa -des3 -passout pass:" + ASCII + " -out private.pem 2048"),
            cmd(
                "rsa -in private.pem -passin pass:"
                    + ASCII
                    + " -outform PEM -pubout -out public.pem"),
            cmd("pkey -in private.pem -passin pass:" + ASCII + " -out plain.pem")),
        made(
            "public key alone",
            null,
            Map.of(PUBLIC_PEM, "public.pem"),
            genkey,
            cmd("pkey -in plain.pem -pubout -out public.pem")),
        made(
            "PKCS#1 RSA PUBLIC KEY",
            null,
            Map.of(PUBLIC_PEM, "public.pem"),
            genkey,
            cmd("rsa -in plain.pem -RSAPublicKey_out -out public.pem")),
        made(
            "self-signed certificate with tls.key",
            null,
            Map.of(TLS_CRT, "cert.pem", TLS_KEY, "plain.pem"),
            genkey,
            cmd("req -x509 -new -key plain.pem -subj /CN=interop.test -days 1 -out cert.pem")),
        made(
            "certificate alone",
            null,
            Map.of(TLS_CRT, "cert.pem"),
            genkey,
            cmd("req -x509 -new -key plain.pem -subj /CN=interop.test -days 1 -out cert.pem")));
  }

  private static Arguments made(
      String name, String passphrase, Map<String, String> entries, String[]... commands) {
    return arguments(named(name, new Made(List.of(commands), entries, passphrase)));
  }

  private static String[] cmd(String line) {
    return line.split(" ");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("openSslForms")
  void readsWhatOpensslWrites(Made c) throws Exception {
    OpenSsl openssl = new OpenSsl(dir);
    if (c.passphrase() != null) {
      openssl.write("pass.txt", c.passphrase());
    }
    c.commands().forEach(openssl::run);

    LoadedKey key = KeySecretReader.read(secret(openssl, c.entries()), passphrase(c.passphrase()));

    // plain.pem is the same key, unencrypted, in every case.
    assertThat(key.publicKeyPem()).isEqualTo(openssl.run("pkey", "-in", "plain.pem", "-pubout"));
    assertThat(key.fingerprint()).isEqualTo(fingerprintByOpenssl(openssl, "plain.pem"));
    assertThat(key.hasPrivateKey())
        .isEqualTo(c.entries().containsKey(PRIVATE_PEM) || c.entries().containsKey(TLS_KEY));
  }

  /** Openssl commands that write key.pem, and what the reader must say about it. */
  record Refused(
      List<String[]> commands, String entry, InvalidKeyException.Problem problem, String says) {}

  static Stream<Arguments> openSslRefusals() {
    return Stream.of(
        refused(
            "RSA-1024",
            "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out key.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.WRONG_SIZE,
            "has 1024 bits"),
        refused(
            "RSA-3072",
            "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out key.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.WRONG_SIZE,
            "has 3072 bits"),
        refused(
            "EC P-256 (PKCS#8)",
            "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.NOT_RSA,
            "holds an EC key"),
        refused(
            "Ed25519",
            "genpkey -algorithm ED25519 -out key.pem",
            TLS_KEY,
            InvalidKeyException.Problem.NOT_RSA,
            "holds an Ed25519 key"),
        refused(
            "RSA-PSS",
            "genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out key.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.NOT_RSA,
            "holds an RSA-PSS key"),
        refused(
            "EC certificate",
            "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem"
                + " -subj /CN=ec.test -days 1 -out key.pem",
            TLS_CRT,
            InvalidKeyException.Problem.NOT_RSA,
            "holds an EC key"),
        refused(
            "encrypted PKCS#8 with a wrong passphrase",
            "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass pass:other"
                + " -out key.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.WRONG_PASSPHRASE,
            "wrong passphrase"),
        refused(
            "scrypt PKCS#8 with a wrong passphrase",
            "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.WRONG_PASSPHRASE,
            "wrong passphrase",
            "pkcs8 -topk8 -scrypt -in k.pem -passout pass:other -out key.pem"),
        refused(
            "legacy AES-256 with the passphrase's Latin-1 bytes instead of UTF-8",
            "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.pem",
            PRIVATE_PEM,
            InvalidKeyException.Problem.WRONG_PASSPHRASE,
            "wrong passphrase",
            "rsa -in k.pem -traditional -aes256 -passout file:latin1.txt -out key.pem"));
  }

  private static Arguments refused(
      String name,
      String command,
      String entry,
      InvalidKeyException.Problem problem,
      String says,
      String... moreCommands) {
    List<String[]> commands = new ArrayList<>();
    commands.add(cmd(command));
    Stream.of(moreCommands).map(OpenSslInteropTest::cmd).forEach(commands::add);
    return arguments(named(name, new Refused(commands, entry, problem, says)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("openSslRefusals")
  void refusesWhatIsNotAnRsa2048Key(Refused c) {
    OpenSsl openssl = new OpenSsl(dir);
    // "é" as one Latin-1 byte: the reader must not match it against the UTF-8 passphrase "é".
    openssl.write("latin1.txt", "é".getBytes(StandardCharsets.ISO_8859_1));
    c.commands().forEach(openssl::run);

    Throwable thrown =
        catchThrowable(
            () ->
                KeySecretReader.read(
                    Map.of(c.entry(), openssl.read("key.pem")),
                    Passphrase.of(c.problem() == WRONG_PASSPHRASE ? "é" : ASCII)));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            InvalidKeyException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(c.problem());
              assertThat(e.getMessage()).startsWith(c.entry() + ": ").contains(c.says());
            });
  }

  @Test
  void opensslReadsThePlainKeyWeWrite() {
    OpenSsl openssl = new OpenSsl(dir);
    Map<String, String> written = KeySecretWriter.write(new RsaKeyGenerator().generate(), null);
    openssl.write("private.pem", written.get(PRIVATE_PEM));
    openssl.write("public.pem", written.get(PUBLIC_PEM));

    assertThat(openssl.run("rsa", "-in", "private.pem", "-check", "-noout")).contains("RSA key ok");
    assertThat(openssl.run("pkey", "-in", "private.pem", "-pubout"))
        .isEqualTo(written.get(PUBLIC_PEM));
    assertThat(openssl.run("pkey", "-pubin", "-in", "public.pem", "-text", "-noout"))
        .contains("Public-Key: (2048 bit)")
        .contains("Exponent: 65537");
  }

  @Test
  void opensslReadsTheEncryptedKeyWeWriteWithThePassphraseOnly() {
    OpenSsl openssl = new OpenSsl(dir);
    Map<String, String> written =
        KeySecretWriter.write(new RsaKeyGenerator().generate(), Passphrase.of(ASCII));
    openssl.write("private.pem", written.get(PRIVATE_PEM));

    assertThat(openssl.run("pkey", "-in", "private.pem", "-passin", "pass:" + ASCII, "-pubout"))
        .isEqualTo(written.get(PUBLIC_PEM));
    assertThat(
            openssl.run(
                "rsa", "-in", "private.pem", "-passin", "pass:" + ASCII, "-check", "-noout"))
        .contains("RSA key ok");
    assertThat(openssl.run("asn1parse", "-in", "private.pem"))
        .contains("PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc");
    assertThat(
            openssl
                .tryRun("pkey", "-in", "private.pem", "-passin", "pass:wrong", "-noout")
                .exitCode())
        .isNotZero();
  }

  @Test
  void opensslReadsTheKeyWeEncryptWithANonAsciiPassphrase() {
    OpenSsl openssl = new OpenSsl(dir);
    Map<String, String> written =
        KeySecretWriter.write(new RsaKeyGenerator().generate(), Passphrase.of(UNICODE + "\n"));
    openssl.write("private.pem", written.get(PRIVATE_PEM));
    openssl.write("pass.txt", UNICODE + "\n");

    assertThat(openssl.run("pkey", "-in", "private.pem", "-passin", "file:pass.txt", "-pubout"))
        .isEqualTo(written.get(PUBLIC_PEM));
  }

  @Test
  void dataOpensslEncryptsWithRsaOaepSha256DecryptsWithTheKeyReadBack() throws Exception {
    OpenSsl openssl = new OpenSsl(dir);
    Map<String, String> written =
        KeySecretWriter.write(new RsaKeyGenerator().generate(), Passphrase.of(ASCII));
    openssl.write("public.pem", written.get(PUBLIC_PEM));
    byte[] message = "the AES key of a Flows request".getBytes(StandardCharsets.UTF_8);
    openssl.write("message.bin", message);
    openssl.run(
        concat(
            "pkeyutl -encrypt -pubin -inkey public.pem -in message.bin -out message.enc",
            OpenSsl.OAEP_SHA256));

    LoadedKey key = KeySecretReader.read(KeySecretWriterTest.bytes(written), Passphrase.of(ASCII));
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(Cipher.DECRYPT_MODE, key.privateKey().orElseThrow(), oaepSha256());

    assertThat(cipher.doFinal(openssl.read("message.enc"))).isEqualTo(message);
  }

  @Test
  void dataEncryptedToTheKeyWeReadIsDecryptedByOpenssl() throws Exception {
    OpenSsl openssl = new OpenSsl(dir);
    openssl.run(
        "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "k.pem");
    openssl.run("pkcs8", "-topk8", "-in", "k.pem", "-passout", "pass:" + ASCII, "-out", "key.pem");
    LoadedKey key =
        KeySecretReader.read(Map.of(PRIVATE_PEM, openssl.read("key.pem")), Passphrase.of(ASCII));
    byte[] message = "the AES key of a Flows request".getBytes(StandardCharsets.UTF_8);
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key.publicKey(), oaepSha256());
    openssl.write("message.enc", cipher.doFinal(message));

    openssl.run(
        concat(
            "pkeyutl -decrypt -inkey key.pem -passin pass:"
                + ASCII
                + " -in message.enc -out message.bin",
            OpenSsl.OAEP_SHA256));

    assertThat(openssl.read("message.bin")).isEqualTo(message);
  }

  private static OAEPParameterSpec oaepSha256() {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  private static String fingerprintByOpenssl(OpenSsl openssl, String privateKeyFile)
      throws Exception {
    openssl.run("pkey", "-in", privateKeyFile, "-pubout", "-outform", "DER", "-out", "spki.der");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(openssl.read("spki.der"));
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  private static Map<String, byte[]> secret(OpenSsl openssl, Map<String, String> entries) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    entries.forEach((entry, file) -> data.put(entry, openssl.read(file)));
    return data;
  }

  private static Passphrase passphrase(String passphraseOrNull) {
    return passphraseOrNull == null ? null : Passphrase.of(passphraseOrNull);
  }

  private static String[] concat(String line, String... more) {
    List<String> args = new ArrayList<>(List.of(cmd(line)));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
