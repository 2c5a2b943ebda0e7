package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PassphraseTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiterString = "|",
      value = {
        "secret|secret",
        "secret\\n|secret", // echo secret > file
        "secret\\r\\n|secret", // the same file saved on Windows
        "secret\\n\\n|secret\\n", // only one line break is removed
        "secret |secret ", // other whitespace is kept: it may be part of the passphrase
        " secret| secret",
        "pässwörd€\\n|pässwörd€",
      })
  void stripsOneTrailingLineBreak(String input, String expected) {
    String in = unescape(input);
    String out = unescape(expected);

    assertThat(new String(Passphrase.of(in).chars())).isEqualTo(out);
    assertThat(new String(Passphrase.of(in.getBytes(StandardCharsets.UTF_8)).chars()))
        .isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"''", "'\\n'", "'\\r\\n'"})
  void refusesAnEmptyPassphrase(String input) {
    assertThatThrownBy(() -> Passphrase.of(unescape(input)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the passphrase is empty");
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    assertThatThrownBy(() -> Passphrase.of(new byte[] {'a', (byte) 0xff, 'b'}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the passphrase is not UTF-8 text");
  }

  @Test
  void toStringNeverShowsThePassphrase() {
    assertThat(Passphrase.of("fixture-passphrase")).hasToString("Passphrase[redacted]");
  }

  @Test
  void handsOutCopies() {
    Passphrase passphrase = Passphrase.of("secret");
    char[] copy = passphrase.chars();
    java.util.Arrays.fill(copy, 'x');

    assertThat(passphrase.chars()).containsExactly('s', 'e', 'c', 'r', 'e', 't');
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n");
  }
}
