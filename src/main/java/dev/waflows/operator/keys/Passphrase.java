package dev.waflows.operator.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The passphrase of an encrypted private key. Held as characters rather than a {@link String} so
 * that it is never printed by accident: {@link #toString()} says {@code Passphrase[redacted]}.
 *
 * <p>One trailing line break ({@code "\n"} or {@code "\r\n"}) is removed. A passphrase Secret is
 * often made with {@code echo secret > file; kubectl create secret generic --from-file}, and {@code
 * echo} adds a newline the user never meant as part of the passphrase; OpenSSL's own {@code -passin
 * file:} reads only the first line for the same reason. Only one is removed, so a passphrase that
 * really ends in whitespace keeps it.
 *
 * <p>Non-ASCII passphrases work as in {@code openssl}: Bouncy Castle turns the characters into
 * UTF-8 bytes for PBKDF2, scrypt and the legacy OpenSSL key derivation alike.
 */
public final class Passphrase {

  private final char[] chars;

  private Passphrase(char[] chars) {
    this.chars = chars;
  }

  /**
   * The passphrase in {@code text}, less one trailing line break.
   *
   * @throws IllegalArgumentException if nothing is left: an empty passphrase protects nothing
   */
  public static Passphrase of(String text) {
    Objects.requireNonNull(text, "text");
    return of(text.toCharArray());
  }

  /**
   * The passphrase in {@code utf8} (a Secret's data bytes), less one trailing line break.
   *
   * @throws IllegalArgumentException if the bytes are not UTF-8 or nothing is left
   */
  public static Passphrase of(byte[] utf8) {
    Objects.requireNonNull(utf8, "utf8");
    CharBuffer decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the passphrase is not UTF-8 text");
    }
    char[] chars = new char[decoded.remaining()];
    decoded.get(chars);
    Arrays.fill(decoded.array(), '\0');
    return of(chars);
  }

  private static Passphrase of(char[] chars) {
    int length = chars.length;
    if (length > 0 && chars[length - 1] == '\n') {
      length--;
      if (length > 0 && chars[length - 1] == '\r') {
        length--;
      }
    }
    if (length == 0) {
      throw new IllegalArgumentException("the passphrase is empty");
    }
    char[] kept = Arrays.copyOf(chars, length);
    Arrays.fill(chars, '\0');
    return new Passphrase(kept);
  }

  /** A copy of the characters, for a crypto call; the caller wipes it when done. */
  char[] chars() {
    return chars.clone();
  }

  /** Never the passphrase. */
  @Override
  public String toString() {
    return "Passphrase[redacted]";
  }
}
