package dev.waflows.operator.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * PEM text to blocks and back (RFC 7468, plus the RFC 1421 headers of legacy OpenSSL encryption).
 *
 * <p>Reading is tolerant on purpose, because keys reach a Secret through editors, YAML and shells:
 * CRLF line ends, indentation, surrounding whitespace, a missing final newline, a byte order mark,
 * text around the blocks (as {@code openssl x509 -text} writes), and a block squeezed onto one line
 * (as some APIs return it) all read. The base64 itself is decoded strictly, so a damaged block is
 * reported rather than half read.
 */
final class Pem {

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^\\r\\n]+?)-----");
  private static final Pattern ANY_WHITESPACE = Pattern.compile("\\s+");
  private static final Base64.Encoder ENCODER =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  /** One PEM block: its type ({@code "PRIVATE KEY"}), headers, and the decoded DER. */
  record Block(String type, Map<String, String> headers, byte[] der) {
    /** A header value, matched case-insensitively, or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The DER parsed as one ASN.1 object, refusing trailing bytes. */
    ASN1Primitive asn1() throws IOException {
      return ASN1Primitive.fromByteArray(der);
    }

    /** Never the content: blocks hold private keys. */
    @Override
    public String toString() {
      return "Pem.Block[" + type + "]";
    }
  }

  /** The text is not usable PEM; the message says why and holds none of the text. */
  static final class MalformedPemException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPemException(String message) {
      super(message);
    }
  }

  private Pem() {}

  /** Encodes {@code der} as one PEM block: LF line ends, 64 columns, a final newline. */
  static String encode(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + ENCODER.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * All PEM blocks in {@code text}, in order.
   *
   * @throws MalformedPemException if there is none, or one is truncated or damaged
   */
  static List<Block> decode(String text) throws MalformedPemException {
    String input = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (input.isBlank()) {
      throw new MalformedPemException("is empty");
    }
    List<Block> blocks = new ArrayList<>();
    Matcher begin = BEGIN.matcher(input);
    int from = 0;
    while (begin.find(from)) {
      String type = begin.group(1).trim();
      String endLine = "-----END " + type + "-----";
      int end = input.indexOf(endLine, begin.end());
      if (end < 0) {
        throw new MalformedPemException(
            "the PEM block " + type + " has no END line: it is truncated");
      }
      blocks.add(block(type, input.substring(begin.end(), end)));
      from = end + endLine.length();
    }
    if (blocks.isEmpty()) {
      throw new MalformedPemException(
          looksBase64EncodedTwice(input)
              ? "holds base64 of PEM text: Kubernetes already base64-encodes Secret data once,"
                  + " so store the PEM text itself (or use stringData)"
              : "is not PEM text (no -----BEGIN line)");
    }
    return blocks;
  }

  private static Block block(String type, String body) throws MalformedPemException {
    Map<String, String> headers = new LinkedHashMap<>();
    StringBuilder base64 = new StringBuilder(body.length());
    for (String line : body.split("\\R")) {
      int colon = line.indexOf(':');
      // A base64 line never holds ':', so this is an RFC 1421 header such as DEK-Info.
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      } else {
        base64.append(line);
      }
    }
    String compact = ANY_WHITESPACE.matcher(base64).replaceAll("");
    byte[] der;
    try {
      // The JDK decoder accepts missing padding; PEM always pads, so a length that is not a
      // multiple of 4 means characters were lost.
      if (compact.length() % 4 != 0) {
        throw new IllegalArgumentException("unpadded");
      }
      der = Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw new MalformedPemException(
          "the PEM block " + type + " is damaged or truncated (its base64 is broken)");
    }
    if (der.length == 0) {
      throw new MalformedPemException("the PEM block " + type + " is empty");
    }
    return new Block(type, Map.copyOf(headers), der);
  }

  private static boolean looksBase64EncodedTwice(String text) {
    try {
      byte[] decoded = Base64.getMimeDecoder().decode(text.strip());
      return new String(decoded, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
