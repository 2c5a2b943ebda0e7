package dev.waflows.operator.flows;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Hub-Signature-256} header Meta puts on each request: {@code sha256=} and the hex
 * HMAC-SHA256 of the raw body, keyed with the Meta app secret. Always computed over the bytes
 * received, never over re-serialised JSON.
 */
public final class RequestSignature {

  /** The header's name. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String PREFIX = "sha256=";
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final int HMAC_BYTES = 32;

  private RequestSignature() {}

  /**
   * The header value for {@code rawBody} signed with {@code appSecret}.
   *
   * @throws IllegalArgumentException if the secret is empty
   */
  public static String sign(byte[] appSecret, byte[] rawBody) {
    return PREFIX + HexFormat.of().formatHex(hmac(appSecret, rawBody));
  }

  /**
   * Whether {@code header} is the signature of {@code rawBody} with one of {@code appSecrets} (the
   * current and, during a reset, the previous). Total: any header (null, another scheme, bad hex,
   * wrong length) is false. The comparison takes the same time wherever the bytes differ, and every
   * secret is tried, so timing tells neither how much matched nor which secret did.
   */
  public static boolean matches(String header, byte[] rawBody, List<byte[]> appSecrets) {
    byte[] claimed = decode(header);
    if (claimed == null) {
      return false;
    }
    boolean match = false;
    for (byte[] secret : appSecrets) {
      // An empty secret signs nothing (and the JDK refuses an empty HMAC key).
      match |= secret.length > 0 && MessageDigest.isEqual(claimed, hmac(secret, rawBody));
    }
    return match;
  }

  private static byte[] decode(String header) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String hex = header.substring(PREFIX.length()).strip();
    if (hex.length() != 2 * HMAC_BYTES) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    if (key.length == 0) {
      throw new IllegalArgumentException("the app secret is empty");
    }
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is required of every Java platform.
      throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getClass().getName());
    }
  }
}
