package dev.waflows.operator.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link Main} in a JVM of its own on the test class path, as the container runs it; its output
 * goes to target/main-process/&lt;test&gt;.log.
 */
record ChildJvm(Process process, Path log) {

  static ChildJvm start(
      TestInfo test, Map<String, String> env, List<String> properties, String... args)
      throws IOException {
    Path log =
        Path.of("target", "main-process", test.getTestMethod().orElseThrow().getName() + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(properties);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("HOSTNAME", "main-process-test");
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), log);
  }

  /** The exit status, or fails when the process is still running after the timeout. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(log);
  }
}
