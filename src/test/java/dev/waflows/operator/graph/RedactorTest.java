package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://graph/v21.0/me?access_token=abc123&x=1 | https://graph/v21.0/me?access_token=[redacted]&x=1",
        "{\"access_token\":\"abc123\"} | {\"access_token\":\"[redacted]\"}",
        "ACCESS_TOKEN: abc | ACCESS_TOKEN: [redacted]",
        "client_secret=s3cr3t | client_secret=[redacted]",
        "Authorization: Bearer abc.def-ghi | Authorization: Bearer [redacted]",
        "bearer   xyz | bearer   [redacted]",
        "token EAAGm0PX4ZCpsBAKZCZAbcdefghij1234 expired | token [redacted] expired",
        "EAA is a short word | EAA is a short word",
        "OAuthException code 190 | OAuthException code 190",
        "(#10) Application does not have permission | (#10) Application does not have permission"
      })
  void removesTokenLikeText(String text, String expected) {
    assertThat(Redactor.PATTERNS.redact(text)).isEqualTo(expected);
  }

  @Test
  void removesTheKnownTokenAnywhere() {
    Redactor redactor = Redactor.forToken(AccessToken.of("tok-9"));

    assertThat(redactor.redact("x tok-9 y tok-9")).isEqualTo("x [redacted] y [redacted]");
    assertThat(Redactor.forToken(null)).isSameAs(Redactor.PATTERNS);
  }

  @Test
  void messagesStayOnOneShortLine() {
    assertThat(Redactor.PATTERNS.forMessage("a\nb\r\nc\u0000d", 100)).isEqualTo("a b  c d");
    assertThat(Redactor.PATTERNS.forMessage("x".repeat(50), 10)).hasSize(10).endsWith("…");
    assertThat(Redactor.PATTERNS.forMessage(null, 10)).isEmpty();
  }
}
