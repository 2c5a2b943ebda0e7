package dev.waflows.sandbox;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who may call and which phone numbers exist: the sandbox's stand-in for Meta's token checks,
 * object lookup and the Flows allow-list.
 */
final class AccessRules {
  private static final Pattern PHONE_NUMBER_ID = Pattern.compile("^[0-9]{1,20}$");

  // Volatile immutable sets: replaced whole by the switches, read lock-free by every request.
  private volatile Set<String> acceptedTokens = Set.of();
  private volatile Set<String> knownNumbers = Set.of();
  private final Set<String> unknownNumbers = ConcurrentHashMap.newKeySet();
  private final Set<String> deniedNumbers = ConcurrentHashMap.newKeySet();

  /** Replaces the accepted tokens; none means any non-blank bearer token is accepted. */
  void acceptTokens(Set<String> tokens) {
    acceptedTokens = Set.copyOf(tokens);
  }

  /** Whether an {@code Authorization} header value carries an accepted bearer token. */
  boolean tokenAccepted(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.strip();
    // The scheme is case-insensitive (RFC 9110); the token itself is compared exactly.
    if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return false;
    }
    String token = value.substring("bearer ".length()).strip();
    if (token.isEmpty()) {
      return false;
    }
    Set<String> accepted = acceptedTokens;
    return accepted.isEmpty() || accepted.contains(token);
  }

  /** Restricts the known numbers to these; none means every id of 1 to 20 digits is known. */
  void knownNumbers(Set<String> ids) {
    knownNumbers = Set.copyOf(ids);
  }

  void unknownNumber(String id) {
    unknownNumbers.add(id);
  }

  void denyPermission(String id) {
    deniedNumbers.add(id);
  }

  /** Whether Graph would find the phone number object at all. */
  boolean isKnown(String id) {
    if (!PHONE_NUMBER_ID.matcher(id).matches() || unknownNumbers.contains(id)) {
      return false;
    }
    Set<String> known = knownNumbers;
    return known.isEmpty() || known.contains(id);
  }

  /** Whether the number exists but the app may not configure Flows encryption for it. */
  boolean isDenied(String id) {
    return deniedNumbers.contains(id);
  }

  /** Clears the per-number switches; tokens are server configuration and are kept. */
  void resetNumbers() {
    knownNumbers = Set.of();
    unknownNumbers.clear();
    deniedNumbers.clear();
  }
}
