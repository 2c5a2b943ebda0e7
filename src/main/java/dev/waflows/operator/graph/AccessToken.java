package dev.waflows.operator.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A Graph API access token. Holding it in its own type keeps the value out of {@code toString()},
 * logs and exception messages: only this package can read it, to put it in the {@code
 * Authorization} header.
 */
public final class AccessToken {

  private final String value;

  private AccessToken(String value) {
    this.value = value;
  }

  /**
   * Wraps a token as read from a Secret: surrounding whitespace and newlines (a common accident
   * with {@code echo token > file}) are trimmed.
   *
   * @throws IllegalArgumentException when the token is null, blank, or contains whitespace or
   *     control characters inside it (it could not be sent in a header); the message never contains
   *     the value
   */
  public static AccessToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("access token is empty");
    }
    String trimmed = token.strip();
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            "access token contains whitespace, control or non-ASCII characters");
      }
    }
    return new AccessToken(trimmed);
  }

  /** The raw token, for the Authorization header and for redaction only. */
  String value() {
    return value;
  }

  /** Constant-time comparison, so fakes in tests can check which token they were given. */
  @Override
  public boolean equals(Object other) {
    return other instanceof AccessToken that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "AccessToken[redacted]";
  }
}
