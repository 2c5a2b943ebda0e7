package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestSignatureTest {

  private static final byte[] SECRET = utf8("Jefe");
  private static final byte[] OLD_SECRET = utf8("old-app-secret");
  private static final byte[] BODY = utf8("what do ya want for nothing?");
  // RFC 4231, test case 2: HMAC-SHA-256("Jefe", "what do ya want for nothing?").
  private static final String RFC_4231 =
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void signsTheRawBodyAsMetaDoes() {
    assertThat(RequestSignature.sign(SECRET, BODY)).isEqualTo(RFC_4231);
  }

  @Test
  void acceptsTheCurrentOrThePreviousSecret() {
    assertThat(RequestSignature.matches(RFC_4231, BODY, List.of(SECRET))).isTrue();
    assertThat(RequestSignature.matches(RFC_4231, BODY, List.of(OLD_SECRET, SECRET))).isTrue();
    assertThat(
            RequestSignature.matches(
                RFC_4231.toUpperCase().replace("SHA256=", "sha256="), BODY, List.of(SECRET)))
        .isTrue();
    assertThat(RequestSignature.matches(RFC_4231, BODY, List.of(OLD_SECRET))).isFalse();
    assertThat(RequestSignature.matches(RFC_4231, BODY, List.of())).isFalse();
  }

  @Test
  void aSingleChangedByteOfTheBodyFails() {
    byte[] changed = Arrays.copyOf(BODY, BODY.length);
    changed[0] ^= 1;
    assertThat(RequestSignature.matches(RFC_4231, changed, List.of(SECRET))).isFalse();
    // Same JSON, re-serialised with a space: a different body, a different signature.
    assertThat(
            RequestSignature.matches(
                RequestSignature.sign(SECRET, utf8("{\"a\":1}")),
                utf8("{\"a\": 1}"),
                List.of(SECRET)))
        .isFalse();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "sha256=",
        "sha1=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec384",
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec38433",
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec38zz",
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843aa",
      })
  void anyOtherHeaderIsFalseWithoutThrowing(String header) {
    assertThat(RequestSignature.matches(header, BODY, List.of(SECRET))).isFalse();
  }

  @Test
  void anEmptySecretNeverMatches() {
    assertThat(RequestSignature.matches(RFC_4231, BODY, List.of(new byte[0]))).isFalse();
  }
}
