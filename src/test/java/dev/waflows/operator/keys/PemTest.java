package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PemTest {

  private static final byte[] DER = new byte[100];

  static {
    for (int i = 0; i < DER.length; i++) {
      DER[i] = (byte) (i * 7);
    }
  }

  @Test
  void encodesWith64ColumnsLfAndAFinalNewline() {
    String pem = Pem.encode("PUBLIC KEY", DER);

    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    assertThat(pem).doesNotContain("\r");
    assertThat(pem.lines()).allMatch(line -> line.length() <= 64);
  }

  @Test
  void decodesWhatItEncodes() throws Exception {
    List<Pem.Block> blocks = Pem.decode(Pem.encode("PUBLIC KEY", DER));

    assertThat(blocks).singleElement().satisfies(b -> assertThat(b.der()).isEqualTo(DER));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiterString = "|",
      value = {
        "CRLF line ends|crlf",
        "indented lines and blank lines around|indent",
        "no final newline|nofinal",
        "a byte order mark|bom",
        "the whole block on one line|oneline",
        "explanatory text around it|text",
      })
  void readsTheFormsKeysArriveIn(String description, String form) throws Exception {
    String pem = Pem.encode("PUBLIC KEY", DER);
    String variant =
        switch (form) {
          case "crlf" -> pem.replace("\n", "\r\n");
          case "indent" ->
              "\n\n"
                  + pem.lines().map(l -> "    " + l + "  ").reduce("", (a, l) -> a + l + "\n")
                  + "\n\t";
          case "nofinal" -> pem.strip();
          case "bom" -> "\uFEFF" + pem;
          case "oneline" -> pem.replace("\n", "");
          case "text" -> "Subject: CN=x\n" + pem + "trailer\n";
          default -> throw new IllegalArgumentException(form);
        };

    assertThat(Pem.decode(variant))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.type()).isEqualTo("PUBLIC KEY");
              assertThat(b.der()).isEqualTo(DER);
            });
  }

  @Test
  void readsLegacyEncryptionHeaders() throws Exception {
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: DES-EDE3-CBC,0011\r\n\r\n"
            + Base64.getEncoder().encodeToString(DER)
            + "\r\n-----END RSA PRIVATE KEY-----\r\n";

    Pem.Block block = Pem.decode(pem).get(0);

    assertThat(block.header("proc-type")).isEqualTo("4,ENCRYPTED");
    assertThat(block.header("DEK-Info")).isEqualTo("DES-EDE3-CBC,0011");
    assertThat(block.der()).isEqualTo(DER);
  }

  static Stream<Arguments> notPem() {
    return Stream.of(
        arguments("", "is empty"),
        arguments(" \n\t", "is empty"),
        arguments("hello world", "is not PEM text (no -----BEGIN line)"),
        arguments(
            "-----BEGIN PUBLIC KEY-----\nAAAA\n",
            "the PEM block PUBLIC KEY has no END line: it is truncated"),
        arguments(
            "-----BEGIN PUBLIC KEY-----\nAA*A\n-----END PUBLIC KEY-----",
            "the PEM block PUBLIC KEY is damaged or truncated (its base64 is broken)"),
        arguments(
            "-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----",
            "the PEM block PUBLIC KEY is damaged or truncated (its base64 is broken)"),
        arguments(
            "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
            "the PEM block PUBLIC KEY is empty"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("notPem")
  void refusesWhatIsNotPem(String text, String message) {
    assertThatThrownBy(() -> Pem.decode(text))
        .isInstanceOf(Pem.MalformedPemException.class)
        .hasMessage(message);
  }

  @Test
  void recognisesPemThatWasBase64EncodedTwice() {
    String twice =
        Base64.getEncoder()
            .encodeToString(Pem.encode("PUBLIC KEY", DER).getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> Pem.decode(twice))
        .hasMessageStartingWith("holds base64 of PEM text: Kubernetes already base64-encodes");
  }

  @Test
  void blockToStringHoldsNoContent() throws Exception {
    Pem.Block block = Pem.decode(Pem.encode("PRIVATE KEY", DER)).get(0);

    assertThat(block).hasToString("Pem.Block[PRIVATE KEY]");
  }
}
