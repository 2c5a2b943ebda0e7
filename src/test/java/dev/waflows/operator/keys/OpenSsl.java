package dev.waflows.operator.keys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command in a directory; tests using it skip when it is absent. */
public final class OpenSsl {

  /** The {@code pkeyutl} options of RSA-OAEP as Flows uses it: SHA-256 and MGF1-SHA-256. */
  public static final String[] OAEP_SHA256 = {
    "-pkeyopt",
    "rsa_padding_mode:oaep",
    "-pkeyopt",
    "rsa_oaep_md:sha256",
    "-pkeyopt",
    "rsa_mgf1_md:sha256"
  };

  private static final boolean AVAILABLE = probe();

  private final Path dir;

  OpenSsl(Path dir) {
    assumeTrue(AVAILABLE, "openssl is not installed: skipping the cases that need it");
    this.dir = dir;
  }

  /** Runs {@code openssl args...}; fails the test with openssl's output if it fails. */
  String run(String... args) {
    Result result = tryRun(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }

  /** Runs {@code openssl args...} and returns its exit code and merged output. */
  Result tryRun(String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("openssl timed out: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  byte[] read(String name) {
    try {
      return Files.readAllBytes(dir.resolve(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  void write(String name, String text) {
    write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  void write(String name, byte[] bytes) {
    try {
      Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  record Result(int exitCode, String output) {}

  private static boolean probe() {
    try {
      Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
