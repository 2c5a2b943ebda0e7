package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key Secret's data through a rotation: new pair current, old pair kept byte for byte. */
class KeyRotationDataTest {

  private static final RsaKeyGenerator GENERATOR = new RsaKeyGenerator();

  private static Map<String, byte[]> bytes(Map<String, String> text) {
    Map<String, byte[]> data = new HashMap<>();
    text.forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.US_ASCII)));
    return data;
  }

  @Test
  void rotateKeepsTheOldPairVerbatimAndReadsBothKeys() throws Exception {
    KeyPair oldPair = GENERATOR.generate();
    KeyPair newPair = GENERATOR.generate();
    Map<String, byte[]> before = bytes(KeySecretWriter.write(oldPair, null));
    before.put("ca.crt", "other".getBytes(StandardCharsets.US_ASCII));

    Map<String, byte[]> after = KeySecretWriter.rotate(before, newPair, null);

    assertThat(after.get("previous-private.pem")).isEqualTo(before.get("private.pem"));
    assertThat(after.get("previous-public.pem")).isEqualTo(before.get("public.pem"));
    assertThat(after.get("ca.crt")).isEqualTo(before.get("ca.crt"));
    LoadedKey key = KeySecretReader.read(after, null);
    assertThat(key.fingerprint()).isEqualTo(Fingerprints.sha256(newPair.getPublic()));
    assertThat(key.previous()).isPresent();
    assertThat(key.previous().get().fingerprint())
        .isEqualTo(Fingerprints.sha256(oldPair.getPublic()));
    assertThat(key.previous().get().hasPrivateKey()).isTrue();

    Map<String, byte[]> dropped = KeySecretWriter.withoutPrevious(after);
    assertThat(dropped).doesNotContainKeys("previous-private.pem", "previous-public.pem");
    assertThat(KeySecretReader.read(dropped, null).previous()).isEmpty();
    assertThat(dropped.get("private.pem")).isEqualTo(after.get("private.pem"));
  }

  @Test
  void aProtectedKeyStaysProtectedOldAndNew() throws Exception {
    Passphrase passphrase = Passphrase.of("correct horse");
    Map<String, byte[]> before =
        bytes(KeySecretWriter.write(GENERATOR.generate(), Passphrase.of("correct horse")));

    Map<String, byte[]> after = KeySecretWriter.rotate(before, GENERATOR.generate(), passphrase);

    assertThat(new String(after.get("private.pem"), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(new String(after.get("previous-private.pem"), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    LoadedKey key = KeySecretReader.read(after, Passphrase.of("correct horse"));
    assertThat(key.previous().orElseThrow().hasPrivateKey()).isTrue();
    assertThatThrownBy(() -> KeySecretReader.read(after, Passphrase.of("wrong")))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void aPreviousPairThatDoesNotMatchIsRefusedNamingTheEntry() {
    Map<String, byte[]> data = bytes(KeySecretWriter.write(GENERATOR.generate(), null));
    data.put(
        "previous-private.pem",
        KeySecretWriter.write(GENERATOR.generate(), null)
            .get("private.pem")
            .getBytes(StandardCharsets.US_ASCII));
    data.put(
        "previous-public.pem",
        KeySecretWriter.write(GENERATOR.generate(), null)
            .get("public.pem")
            .getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> KeySecretReader.read(data, null))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("previous-public.pem");
  }

  @Test
  void onlyASecretHoldingTheCurrentPairIsRotated() {
    Map<String, byte[]> publicOnly =
        bytes(
            Map.of(
                "public.pem", KeySecretWriter.write(GENERATOR.generate(), null).get("public.pem")));
    assertThatThrownBy(() -> KeySecretWriter.rotate(publicOnly, GENERATOR.generate(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
