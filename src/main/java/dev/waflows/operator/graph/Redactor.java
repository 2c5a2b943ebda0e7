package dev.waflows.operator.graph;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes token-like text from strings that may end up in logs, Events or status: Graph error
 * messages, exception messages, values a user typed. Pure; an instance may also know the exact
 * token of the current call, to catch it in any shape.
 */
final class Redactor {

  static final String REDACTED = "[redacted]";

  /** Redacts by pattern only, for text that no specific token is known for. */
  static final Redactor PATTERNS = new Redactor(null);

  // access_token=…, "access_token":"…", client_secret: …: keep the name, drop the value.
  private static final Pattern NAMED_SECRET =
      Pattern.compile(
          "(?i)((?:access_token|client_secret|appsecret_proof|input_token)\"?\\s*[=:]\\s*\"?)"
              + "[^\\s&\"',;]+");
  // "Bearer <token>" as it would appear in an echoed header.
  private static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer\\s+)[^\\s\"',;]+");
  // Meta user and system-user tokens start with EAA and are long base62 strings.
  private static final Pattern META_TOKEN = Pattern.compile("\\bEAA[A-Za-z0-9]{20,}");

  private final String token;

  private Redactor(String token) {
    this.token = token;
  }

  /** A redactor that also removes this exact token wherever it appears. */
  static Redactor forToken(AccessToken token) {
    return token == null ? PATTERNS : new Redactor(token.value());
  }

  /** The text without token-like parts; null stays null. */
  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    if (token != null) {
      result = result.replace(token, REDACTED);
    }
    result =
        NAMED_SECRET
            .matcher(result)
            .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + REDACTED);
    result =
        BEARER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + REDACTED);
    return META_TOKEN.matcher(result).replaceAll(REDACTED);
  }

  /**
   * Redacted, on one line (control characters become spaces, so a message cannot forge log lines or
   * status formatting) and at most {@code maxLength} characters.
   */
  String forMessage(String text, int maxLength) {
    String redacted = redact(text);
    if (redacted == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(redacted.length(), maxLength + 1));
    for (int i = 0; i < redacted.length() && out.length() <= maxLength; i++) {
      char c = redacted.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    String line = out.toString().strip();
    return line.length() > maxLength ? line.substring(0, maxLength - 1) + "…" : line;
  }
}
