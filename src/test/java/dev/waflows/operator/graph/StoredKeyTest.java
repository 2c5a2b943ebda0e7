package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredKeyTest {

  @Test
  void isSetNeedsAKeyAndAStatus() {
    assertThat(StoredKey.of("PEM", SignatureStatus.VALID).isSet()).isTrue();
    assertThat(StoredKey.of("PEM", null).isSet()).isFalse();
    assertThat(StoredKey.of(null, SignatureStatus.MISMATCH).isSet()).isFalse();
    assertThat(StoredKey.of("  \n", SignatureStatus.VALID).publicKeyPem()).isEmpty();
    assertThat(new StoredKey(null, null)).isEqualTo(StoredKey.none());
    assertThat(StoredKey.none().isSet()).isFalse();
  }

  @Test
  void signatureStatusParsesGraphsValues() {
    assertThat(SignatureStatus.parse("VALID")).contains(SignatureStatus.VALID);
    assertThat(SignatureStatus.parse(" mismatch ")).contains(SignatureStatus.MISMATCH);
    assertThat(SignatureStatus.parse("SOMETHING_NEW")).isEqualTo(Optional.empty());
    assertThat(SignatureStatus.parse(null)).isEmpty();
  }
}
