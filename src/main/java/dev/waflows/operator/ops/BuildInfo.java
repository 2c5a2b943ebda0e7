package dev.waflows.operator.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * The version and git revision this build was made from: Maven writes both into {@code
 * build-info.properties} (pom.xml), so {@code --version}, the start-up log line and the {@code
 * flows_build_info} metric name the same release as the image tag. A class path without that file
 * (an IDE that skips resource filtering) falls back to the jar manifest, then to "unknown".
 */
public record BuildInfo(String version, String revision) {

  static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "/build-info.properties";

  /** What this class path was built from. */
  public static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall back below
    }
    String manifestVersion = BuildInfo.class.getPackage().getImplementationVersion();
    return new BuildInfo(
        filled(p.getProperty("version")).or(() -> filled(manifestVersion)).orElse(UNKNOWN),
        filled(p.getProperty("revision")).orElse(UNKNOWN));
  }

  /** One line for {@code --version}. */
  public String describe() {
    return "flows-key-operator " + version + " (revision " + revision + ")";
  }

  /** Blank, or a placeholder Maven did not fill in, counts as missing. */
  private static Optional<String> filled(String value) {
    return Optional.ofNullable(value)
        .map(String::trim)
        .filter(v -> !v.isEmpty() && !v.contains("${"));
  }
}
