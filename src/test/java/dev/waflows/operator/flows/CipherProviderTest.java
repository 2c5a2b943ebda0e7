package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.LoadedKey;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import org.junit.jupiter.api.Test;

class CipherProviderTest {

  private static final LoadedKey KEY = Fixtures.loadedKey("rsa2048-pkcs8.pem", null);
  private static final byte[] REQUEST =
      "{\"action\":\"data_exchange\",\"flow_token\":\"t\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void whereItsLibraryLoadsTheNativeProviderServesAndSaysSo() {
    NativeProviders.assertServes();
    CipherProvider provider = CipherProvider.nativeIfAvailable();

    assertThat(provider.name()).isEqualTo("AmazonCorrettoCryptoProvider");
    assertThat(provider.unavailableReason()).isEmpty();
    assertThat(provider.toString()).endsWith("(native)");
    PrivateKey prepared = provider.prepare(KEY.privateKey().orElseThrow());
    assertThat(prepared.getClass().getName()).startsWith("com.amazon.corretto.");
  }

  @Test
  void aNativeLibraryThatDoesNotLoadLeavesSunJceServingAndSaysWhy() throws Exception {
    CipherProvider provider =
        CipherProvider.nativeIfAvailable(
            () -> {
              throw new UnsatisfiedLinkError("libamazonCorrettoCryptoProvider.so: wrong ELF class");
            });

    assertThat(provider.isNative()).isFalse();
    assertThat(provider.name()).isEqualTo("SunJCE");
    assertThat(provider.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("does not load", "wrong ELF class"));
    assertRoundTrip(provider);
  }

  @Test
  void aProviderThatCannotDoTheWireFormatIsNotUsed() throws Exception {
    Provider empty = new Provider("Empty", "1", "no algorithms at all") {};

    CipherProvider provider = CipherProvider.nativeIfAvailable(() -> empty);

    assertThat(provider.isNative()).isFalse();
    assertThat(provider.name()).isEqualTo("SunJCE");
    assertThat(provider.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("cannot do this wire format"));
    assertRoundTrip(provider);
  }

  @Test
  void theJdksProviderKeepsKeysAsTheyAre() {
    PrivateKey key = KEY.privateKey().orElseThrow();

    assertThat(CipherProvider.jdk().prepare(key)).isSameAs(key);
    assertThat(CipherProvider.jdk().unavailableReason()).isEmpty();
  }

  private static void assertRoundTrip(CipherProvider provider) throws Exception {
    FlowsCipher cipher = new FlowsCipher(provider);
    SealedRequest sealed = new FlowsCipher().seal(REQUEST, KEY.publicKey());
    OpenedRequest opened =
        cipher.open(sealed.body(), cipher.openingKey(KEY.privateKey().orElseThrow()));
    assertThat(opened.plaintext()).isEqualTo(REQUEST);
    assertThat(new FlowsCipher().openResponse(cipher.sealResponse(REQUEST, opened), sealed))
        .isEqualTo(REQUEST);
  }
}
