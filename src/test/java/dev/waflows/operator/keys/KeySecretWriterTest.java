package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.KeySecretEntries.PRIVATE_PEM;
import static dev.waflows.operator.keys.KeySecretEntries.PUBLIC_PEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeySecretWriterTest {

  private static final String PASSPHRASE = "writer-passphrase";

  // Encrypting costs PBKDF2's 600k iterations: one pair and one encrypted write for the class.
  private static KeyPair pair;
  private static Map<String, String> plain;
  private static Map<String, String> encrypted;

  @BeforeAll
  static void write() {
    pair = new RsaKeyGenerator().generate();
    plain = KeySecretWriter.write(pair, null);
    encrypted = KeySecretWriter.write(pair, Passphrase.of(PASSPHRASE));
  }

  @Test
  void writesPkcs8AndSubjectPublicKeyInfoPem() {
    assertThat(plain).containsOnlyKeys(PRIVATE_PEM, PUBLIC_PEM);
    assertThat(plain.keySet()).containsExactly(PRIVATE_PEM, PUBLIC_PEM);
    assertThat(plain.get(PRIVATE_PEM))
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("\n-----END PRIVATE KEY-----\n");
    assertThat(plain.get(PUBLIC_PEM))
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("\n-----END PUBLIC KEY-----\n");
    assertThat(plain.values())
        .allSatisfy(
            pem -> {
              assertThat(pem).doesNotContain("\r");
              assertThat(pem.lines()).allMatch(line -> line.length() <= 64);
            });
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    LoadedKey key = KeySecretReader.read(bytes(plain), null);

    assertThat(key.fingerprint()).isEqualTo(Fingerprints.sha256(pair.getPublic()));
    assertThat(key.publicKeyPem()).isEqualTo(plain.get(PUBLIC_PEM));
    assertThat(key.publicKeySourceKey()).isEqualTo(PUBLIC_PEM);
    assertThat(key.privateKey()).contains((RSAPrivateCrtKey) pair.getPrivate());
  }

  @Test
  void encryptsWithAes256AndPbkdf2HmacSha256() throws Exception {
    String pem = encrypted.get(PRIVATE_PEM);
    assertThat(pem)
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
        .endsWith("\n-----END ENCRYPTED PRIVATE KEY-----\n");

    EncryptedPrivateKeyInfo info =
        EncryptedPrivateKeyInfo.getInstance(Pem.decode(pem).get(0).asn1());
    assertThat(info.getEncryptionAlgorithm().getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.id_PBES2);
    PBES2Parameters pbes2 =
        PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
    assertThat(pbes2.getEncryptionScheme().getAlgorithm())
        .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
    assertThat(pbes2.getKeyDerivationFunc().getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
    PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
    assertThat(kdf.getIterationCount().intValue()).isGreaterThanOrEqualTo(100_000);
    assertThat(kdf.getSalt()).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void readsBackTheEncryptedKeyWithThePassphraseOnly() throws Exception {
    LoadedKey key = KeySecretReader.read(bytes(encrypted), Passphrase.of(PASSPHRASE + "\n"));
    assertThat(key.privateKey()).contains((RSAPrivateCrtKey) pair.getPrivate());

    assertThatThrownBy(() -> KeySecretReader.read(bytes(encrypted), Passphrase.of("wrong")))
        .isInstanceOfSatisfying(
            InvalidKeyException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidKeyException.Problem.WRONG_PASSPHRASE));
    assertThatThrownBy(() -> KeySecretReader.read(bytes(encrypted), null))
        .isInstanceOfSatisfying(
            InvalidKeyException.class,
            e ->
                assertThat(e.problem()).isEqualTo(InvalidKeyException.Problem.PASSPHRASE_REQUIRED));
  }

  @Test
  void aMessageEncryptedWithRsaOaepSha256DecryptsWithTheKeyReadBack() throws Exception {
    // What a WhatsApp Flows client does with the registered key: RSA-OAEP, SHA-256, MGF1-SHA-256.
    OAEPParameterSpec oaep =
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    LoadedKey published =
        KeySecretReader.read(Map.of(PUBLIC_PEM, bytes(plain).get(PUBLIC_PEM)), null);
    LoadedKey held = KeySecretReader.read(bytes(encrypted), Passphrase.of(PASSPHRASE));
    byte[] message = "a 128-bit AES key".getBytes(StandardCharsets.UTF_8);

    Cipher encrypt = Cipher.getInstance("RSA/ECB/OAEPPadding");
    encrypt.init(Cipher.ENCRYPT_MODE, published.publicKey(), oaep);
    byte[] ciphertext = encrypt.doFinal(message);
    Cipher decrypt = Cipher.getInstance("RSA/ECB/OAEPPadding");
    decrypt.init(Cipher.DECRYPT_MODE, held.privateKey().orElseThrow(), oaep);

    assertThat(decrypt.doFinal(ciphertext)).isEqualTo(message);
  }

  @Test
  void saltsEveryEncryption() {
    Map<String, String> again = KeySecretWriter.write(pair, Passphrase.of(PASSPHRASE));

    assertThat(again.get(PRIVATE_PEM)).isNotEqualTo(encrypted.get(PRIVATE_PEM));
    assertThat(again.get(PUBLIC_PEM)).isEqualTo(encrypted.get(PUBLIC_PEM));
  }

  @Test
  void refusesWhatIsNotAnRsa2048Pair() throws Exception {
    KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
    rsa1024.initialize(1024);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    KeyPair mixed = new KeyPair(new RsaKeyGenerator().generate().getPublic(), pair.getPrivate());

    assertThatThrownBy(() -> KeySecretWriter.write(rsa1024.generateKeyPair(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySecretWriter.write(ec.generateKeyPair(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySecretWriter.write(mixed, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Map<String, byte[]> bytes(Map<String, String> data) {
    Map<String, byte[]> bytes = new HashMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.US_ASCII)));
    return bytes;
  }
}
