package dev.waflows.operator.health;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A command-line tool a test runs (lua5.1, promtool, node, openssl). Missing locally, the test is
 * skipped with a message that says how to install it; missing in CI ({@code CI=true}), the test
 * fails, so that a CI image without the tool cannot turn these tests into silent skips.
 * hack/test.sh installs them.
 */
public record ExternalTool(String command, String debianPackage) {

  public static final ExternalTool LUA = new ExternalTool("lua5.1", "lua5.1");
  public static final ExternalTool PROMTOOL = new ExternalTool("promtool", "prometheus");
  public static final ExternalTool NODE = new ExternalTool("node", "nodejs");
  public static final ExternalTool OPENSSL = new ExternalTool("openssl", "openssl");

  /** What one run printed. */
  public record Run(int exitCode, String stdout, String stderr) {}

  /** Whether the command is on the PATH. */
  public boolean installed() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, command)));
  }

  /** Skips (locally) or fails (in CI) the calling test when the command is missing. */
  public void require() {
    if (installed()) {
      return;
    }
    String message =
        command + " is not installed (apt-get install " + debianPackage + ", or run hack/test.sh)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    assumeTrue(false, message);
  }

  /** Runs the command with the arguments, stdin from {@code input}; at most 60 seconds. */
  public Run run(String input, List<String> args) throws IOException, InterruptedException {
    require();
    Path out = Files.createTempFile(command, ".out");
    Path err = Files.createTempFile(command, ".err");
    try {
      Process p =
          new ProcessBuilder(Stream.concat(Stream.of(command), args.stream()).toList())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (var stdin = p.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 60 s");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
