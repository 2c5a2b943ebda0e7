package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the operator keeps of a key between passes. */
class LoadedKeyTest {

  private final RsaKeyGenerator generator = new RsaKeyGenerator();

  @Test
  void withoutPrivateKeyKeepsEverythingPublicAndSaysTheSecretHoldsThePrivateKey() throws Exception {
    LoadedKey full =
        KeySecretReader.read(bytes(KeySecretWriter.write(generator.generate(), null)), null);

    LoadedKey kept = full.withoutPrivateKey();

    assertThat(full.privateKey()).isPresent();
    assertThat(kept.privateKey()).isEmpty();
    assertThat(kept.hasPrivateKey()).isTrue();
    assertThat(kept.publicKey()).isEqualTo(full.publicKey());
    assertThat(kept.fingerprint()).isEqualTo(full.fingerprint());
    assertThat(kept.publicKeyPem()).isEqualTo(full.publicKeyPem());
    assertThat(kept.publicKeySourceKey()).isEqualTo(full.publicKeySourceKey());
    assertThat(kept.toString()).contains("privateKey=not kept").doesNotContain("present");
  }

  @Test
  void thePreviousKeyLosesItsPrivateHalfToo() throws Exception {
    Map<String, byte[]> first = bytes(KeySecretWriter.write(generator.generate(), null));
    Map<String, byte[]> rotated = KeySecretWriter.rotate(first, generator.generate(), null);
    LoadedKey full = KeySecretReader.read(rotated, null);

    LoadedKey kept = full.withoutPrivateKey();

    assertThat(full.previous().orElseThrow().privateKey()).isPresent();
    assertThat(kept.previous().orElseThrow().privateKey()).isEmpty();
    assertThat(kept.previous().orElseThrow().fingerprint())
        .isEqualTo(full.previous().orElseThrow().fingerprint());
    assertThat(kept.previous().orElseThrow().hasPrivateKey()).isTrue();
  }

  @Test
  void aPublicKeyAloneStaysAsItIs() throws Exception {
    Map<String, byte[]> data =
        new TreeMap<>(bytes(KeySecretWriter.write(generator.generate(), null)));
    data.remove(KeySecretEntries.PRIVATE_PEM);
    LoadedKey publicOnly = KeySecretReader.read(data, null);

    assertThat(publicOnly.withoutPrivateKey()).isSameAs(publicOnly);
    assertThat(publicOnly.hasPrivateKey()).isFalse();
    assertThat(publicOnly.toString()).contains("privateKey=absent");
  }

  private static Map<String, byte[]> bytes(Map<String, String> files) {
    Map<String, byte[]> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.US_ASCII)));
    return out;
  }
}
