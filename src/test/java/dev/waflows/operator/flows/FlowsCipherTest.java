package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.LoadedKey;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With SunJCE; {@link NativeFlowsCipherTest} runs the same with the native provider. */
class FlowsCipherTest {

  private static final LoadedKey OURS = Fixtures.loadedKey("rsa2048-pkcs8.pem", null);
  private static final byte[] REQUEST =
      "{\"version\":\"3.0\",\"action\":\"INIT\",\"flow_token\":\"tok-ü\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] ANSWER =
      "{\"screen\":\"WELCOME\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

  private final FlowsCipher cipher = new FlowsCipher(provider());

  /** The provider under test. */
  CipherProvider provider() {
    return CipherProvider.jdk();
  }

  /** As the proxy holds it: prepared once for the provider. */
  private PrivateKey privateKey(LoadedKey key) {
    return cipher.openingKey(key.privateKey().orElseThrow());
  }

  @Test
  void aRequestSealedToOurKeyOpensAndItsAnswerOpensForTheSealer() throws Exception {
    SealedRequest sealed = cipher.seal(REQUEST, OURS.publicKey());
    EncryptedRequest onTheWire = EncryptedRequest.parse(sealed.body().toJson());

    OpenedRequest opened = cipher.open(onTheWire, privateKey(OURS));
    assertThat(opened.plaintext()).isEqualTo(REQUEST);

    String answer = cipher.sealResponse(ANSWER, opened);
    assertThat(cipher.openResponse(answer, sealed)).isEqualTo(ANSWER);
  }

  @Test
  void theSealerUsesAFreshSixteenByteIvAndAes128KeyEachTime() {
    SealedRequest first = cipher.seal(REQUEST, OURS.publicKey());
    SealedRequest second = cipher.seal(REQUEST, OURS.publicKey());

    assertThat(Base64.getDecoder().decode(first.body().initialVector())).hasSize(16);
    assertThat(first.key().iv()).hasSize(16);
    assertThat(first.key().aesKey()).hasSize(16);
    assertThat(first.key().iv()).isNotEqualTo(second.key().iv());
    assertThat(first.key().aesKey()).isNotEqualTo(second.key().aesKey());
    // RSA-2048 ciphertext, and GCM output = plaintext + 16-byte tag.
    assertThat(Base64.getDecoder().decode(first.body().encryptedAesKey())).hasSize(256);
    assertThat(Base64.getDecoder().decode(first.body().encryptedFlowData()))
        .hasSize(REQUEST.length + 16);
  }

  @Test
  void theAnswerIsSealedWithTheSameKeyAndEveryBitOfTheIvFlipped() throws Exception {
    SealedRequest sealed = cipher.seal(REQUEST, OURS.publicKey());
    OpenedRequest opened = cipher.open(sealed.body(), privateKey(OURS));

    byte[] answer = Base64.getDecoder().decode(cipher.sealResponse(ANSWER, opened));

    byte[] flippedIv = sealed.key().iv().clone();
    for (int i = 0; i < flippedIv.length; i++) {
      flippedIv[i] = (byte) (flippedIv[i] ^ 0xFF);
    }
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(sealed.key().aesKey(), "AES"),
        new GCMParameterSpec(128, flippedIv));
    assertThat(gcm.doFinal(answer)).isEqualTo(ANSWER);
  }

  @Test
  void anAnswerSealedWithTheUnflippedIvDoesNotOpen() throws Exception {
    SealedRequest sealed = cipher.seal(REQUEST, OURS.publicKey());
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(sealed.key().aesKey(), "AES"),
        new GCMParameterSpec(128, sealed.key().iv()));
    String unflipped = Base64.getEncoder().encodeToString(gcm.doFinal(ANSWER));

    assertThatThrownBy(() -> cipher.openResponse(unflipped, sealed))
        .isInstanceOf(CannotDecryptException.class)
        .hasMessageContaining("GCM tag");
  }

  @Test
  void aDamagedTagDoesNotOpen() throws Exception {
    EncryptedRequest body = cipher.seal(REQUEST, OURS.publicKey()).body();
    byte[] data = Base64.getDecoder().decode(body.encryptedFlowData());
    data[data.length - 1] ^= 1;
    EncryptedRequest damaged =
        new EncryptedRequest(
            Base64.getEncoder().encodeToString(data), body.encryptedAesKey(), body.initialVector());

    assertThatThrownBy(() -> cipher.open(damaged, privateKey(OURS)))
        .isInstanceOf(CannotDecryptException.class)
        .hasMessage("the flow data fails its GCM tag");
  }

  @Test
  void aDamagedAnswerDoesNotOpen() throws Exception {
    SealedRequest sealed = cipher.seal(REQUEST, OURS.publicKey());
    byte[] answer =
        Base64.getDecoder()
            .decode(cipher.sealResponse(ANSWER, cipher.open(sealed.body(), privateKey(OURS))));
    answer[0] ^= 1;

    assertThatThrownBy(
            () -> cipher.openResponse(Base64.getEncoder().encodeToString(answer), sealed))
        .isInstanceOf(CannotDecryptException.class);
    assertThatThrownBy(() -> cipher.openResponse("not base64!", sealed))
        .isInstanceOf(CannotDecryptException.class)
        .hasMessage("the answer is not base64");
  }

  @Test
  void aRequestSealedToAnotherKeyDoesNotOpen() {
    SealedRequest sealed =
        cipher.seal(REQUEST, Fixtures.loadedKey("other-rsa2048-pkcs8.pem", null).publicKey());

    assertThatThrownBy(() -> cipher.open(sealed.body(), privateKey(OURS)))
        .isInstanceOf(CannotDecryptException.class)
        .hasMessageContaining("does not unwrap");
  }

  @Test
  void aTwelveByteIvIsRefusedBeforeAnyRsaWork() throws Exception {
    byte[] aesKey = new byte[16];
    byte[] iv = new byte[12];
    EncryptedRequest twelve =
        envelope(wrap(aesKey, oaepSha256()), gcmSeal(aesKey, iv, REQUEST), iv);

    assertThatThrownBy(() -> cipher.open(twelve, privateKey(OURS)))
        .isInstanceOf(CannotDecryptException.class)
        .hasMessage("the initial vector has 12 bytes, not 16");
  }

  @Test
  void anAesKeyThatIsNotAes128IsRefused() throws Exception {
    byte[] aesKey = new byte[32];
    byte[] iv = new byte[16];
    EncryptedRequest aes256 =
        envelope(wrap(aesKey, oaepSha256()), gcmSeal(aesKey, iv, REQUEST), iv);

    assertThatThrownBy(() -> cipher.open(aes256, privateKey(OURS)))
        .isInstanceOf(CannotDecryptException.class)
        .hasMessage("the unwrapped AES key has 32 bytes, not 16");
  }

  @Test
  void aKeyWrappedWithMgf1Sha1DoesNotOpen() throws Exception {
    // What SunJCE's "OAEPWithSHA-256AndMGF1Padding" alone produces: the classic mismatch.
    OAEPParameterSpec mgf1Sha1 =
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
    byte[] aesKey = new byte[16];
    byte[] iv = new byte[16];
    EncryptedRequest request = envelope(wrap(aesKey, mgf1Sha1), gcmSeal(aesKey, iv, REQUEST), iv);

    assertThatThrownBy(() -> cipher.open(request, privateKey(OURS)))
        .isInstanceOf(CannotDecryptException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rsa2048-pkcs8.pem,",
    "rsa2048-pkcs1.pem,",
    "rsa2048-pkcs8-encrypted.pem," + Fixtures.PASSPHRASE,
    "rsa2048-pkcs1-des3.pem," + Fixtures.PASSPHRASE,
    "rsa2048-pkcs1-aes128.pem," + Fixtures.PASSPHRASE,
    "rsa2048-pkcs1-aes256.pem," + Fixtures.PASSPHRASE,
  })
  void eachPrivateKeyFormTheOperatorReadsOpensWhatWasSealedToItsPublicKey(
      String fixture, String passphrase) throws Exception {
    LoadedKey key = Fixtures.loadedKey(fixture, passphrase);
    SealedRequest sealed = cipher.seal(REQUEST, OURS.publicKey());

    OpenedRequest opened = cipher.open(sealed.body(), privateKey(key));

    assertThat(opened.plaintext()).isEqualTo(REQUEST);
  }

  @Test
  void nothingSecretIsPrinted() throws Exception {
    SealedRequest sealed = cipher.seal(REQUEST, OURS.publicKey());
    OpenedRequest opened = cipher.open(sealed.body(), privateKey(OURS));
    Base64.Encoder b64 = Base64.getEncoder();

    for (String text : new String[] {sealed.toString(), opened.toString()}) {
      assertThat(text)
          .doesNotContain(b64.encodeToString(sealed.key().aesKey()))
          .doesNotContain(b64.encodeToString(sealed.key().iv()))
          .doesNotContain(Arrays.toString(sealed.key().aesKey()))
          .doesNotContain("tok-");
    }
  }

  static OAEPParameterSpec oaepSha256() {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  private static byte[] wrap(byte[] aesKey, OAEPParameterSpec oaep) throws Exception {
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(Cipher.ENCRYPT_MODE, OURS.publicKey(), oaep);
    return rsa.doFinal(aesKey);
  }

  static byte[] gcmSeal(byte[] aesKey, byte[] iv, byte[] plaintext) throws Exception {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
    return gcm.doFinal(plaintext);
  }

  static EncryptedRequest envelope(byte[] wrappedKey, byte[] flowData, byte[] iv) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new EncryptedRequest(
        b64.encodeToString(flowData), b64.encodeToString(wrappedKey), b64.encodeToString(iv));
  }
}
