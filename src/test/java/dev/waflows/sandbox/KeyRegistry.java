package dev.waflows.sandbox;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The keys "registered with Meta", per phone number, with their signature status. */
final class KeyRegistry {
  private static final Pattern SPKI_PEM =
      Pattern.compile(
          "^\\s*-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----\\s*$");

  private final ConcurrentMap<String, StoredKey> keys = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, java.util.List<String>> posted = new ConcurrentHashMap<>();

  /**
   * Whether the text is a PEM SubjectPublicKeyInfo holding an RSA key, the only thing Meta takes.
   * Parsed with the JDK alone: a '+' turned into a space by a client that forgot to URL-encode the
   * form breaks the Base64, as it would at Meta.
   */
  static boolean isRsaPublicKeyPem(String text) {
    if (text == null) {
      return false;
    }
    Matcher m = SPKI_PEM.matcher(text);
    if (!m.matches()) {
      return false;
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der))
          instanceof RSAPublicKey;
    } catch (Exception e) {
      return false;
    }
  }

  /** Stores a posted key; a successful POST is what clears a MISMATCH at Meta. */
  void register(String id, String pem) {
    keys.put(id, new StoredKey(pem, StoredKey.VALID));
    posted.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(pem);
  }

  /** Every key ever posted for the number, oldest first: what was registered, if only briefly. */
  java.util.List<String> postedKeys(String id) {
    return java.util.List.copyOf(posted.getOrDefault(id, java.util.List.of()));
  }

  Optional<StoredKey> get(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Sets the stored key from outside, to simulate drift; a {@code null} pem removes it. */
  void set(String id, String pem, String status) {
    if (pem == null) {
      keys.remove(id);
    } else {
      keys.put(id, new StoredKey(pem, status));
    }
  }

  void markMismatch(String id) {
    StoredKey updated =
        keys.computeIfPresent(id, (k, v) -> new StoredKey(v.pem(), StoredKey.MISMATCH));
    if (updated == null) {
      // Meta reports no status for a number without a key, so there is nothing to mark.
      throw new IllegalStateException(
          "no key stored for " + id + ": POST one or call setStoredKey first");
    }
  }

  void clear() {
    keys.clear();
    posted.clear();
  }
}
