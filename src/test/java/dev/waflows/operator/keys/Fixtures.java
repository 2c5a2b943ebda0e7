package dev.waflows.operator.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The committed test-only keys under src/test/resources/keys (see the README there). */
public final class Fixtures {

  public static final String PASSPHRASE = "fixture-passphrase";

  private Fixtures() {}

  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/keys/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.US_ASCII);
  }

  /** The fingerprint of rsa2048-*, as computed by openssl when the fixtures were made. */
  static String rsa2048Fingerprint() {
    return text("rsa2048.fingerprint").strip();
  }

  /** Secret data from alternating entry names and fixture names. */
  static Map<String, byte[]> secret(String... entryAndFixture) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    for (int i = 0; i < entryAndFixture.length; i += 2) {
      data.put(entryAndFixture[i], bytes(entryAndFixture[i + 1]));
    }
    return data;
  }

  /** The base64 lines of every PEM value, to check that none leaks into a message. */
  static List<String> base64Lines(Map<String, byte[]> data) {
    List<String> lines = new ArrayList<>();
    for (byte[] value : data.values()) {
      for (String line : new String(value, StandardCharsets.ISO_8859_1).split("\\R")) {
        String trimmed = line.strip();
        if (trimmed.length() >= 16 && trimmed.matches("[A-Za-z0-9+/=]+")) {
          lines.add(trimmed);
        }
      }
    }
    return lines;
  }
}
