package dev.waflows.operator.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's version as pom.xml declares it (the one after the artifactId). */
final class PomVersion {

  private static final Pattern VERSION =
      Pattern.compile("<artifactId>flows-key-operator</artifactId>\\s*<version>([^<]+)</version>");

  private PomVersion() {}

  static String read() throws IOException {
    Matcher m = VERSION.matcher(Files.readString(Path.of("pom.xml")));
    if (!m.find()) {
      throw new AssertionError("pom.xml declares no version after its artifactId");
    }
    return m.group(1);
  }
}
