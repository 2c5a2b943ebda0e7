package dev.waflows.operator.endpoint;

import java.util.Arrays;

/**
 * The Meta app secret that signs probes. Its bytes leave this object only to compute a signature;
 * {@link #toString()} never shows them.
 */
public final class AppSecret {

  private final byte[] value;

  private AppSecret(byte[] value) {
    this.value = value;
  }

  /**
   * The secret as read from a Secret's data; one trailing line break (as {@code echo} leaves) is
   * dropped.
   *
   * @throws IllegalArgumentException if it is empty, saying so without the value
   */
  public static AppSecret of(byte[] raw) {
    int end = raw.length;
    if (end > 0 && raw[end - 1] == '\n') {
      end--;
      if (end > 0 && raw[end - 1] == '\r') {
        end--;
      }
    }
    if (end == 0) {
      throw new IllegalArgumentException("the app secret is empty");
    }
    return new AppSecret(Arrays.copyOf(raw, end));
  }

  /** A copy of the bytes, to key the HMAC with. */
  byte[] bytes() {
    return value.clone();
  }

  @Override
  public String toString() {
    return "AppSecret[redacted]";
  }
}
