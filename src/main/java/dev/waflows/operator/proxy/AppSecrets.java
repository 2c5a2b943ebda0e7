package dev.waflows.operator.proxy;

import dev.waflows.operator.management.ReloadException;
import dev.waflows.operator.management.WatchedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Meta app secret that signs requests, and the previous one while Meta's app secret is being
 * reset, re-read like the key directory. Surrounding whitespace is dropped: an app secret is hex,
 * and a file made with {@code echo} ends in a newline.
 */
final class AppSecrets {

  private static final String CURRENT = "current";
  private static final String PREVIOUS = "previous";

  private AppSecrets() {}

  /** The watched app secret files; the value lists the current secret first. */
  static WatchedFiles<List<byte[]>> watch(
      Path current, Optional<Path> previous, ProxyMetrics metrics) {
    return new WatchedFiles<>(
        "app secret " + current + previous.map(p -> " and " + p).orElse(""),
        () -> read(current, previous),
        files -> load(files, current, previous),
        loaded -> {},
        metrics::appSecretReloadFailed);
  }

  private static Map<String, byte[]> read(Path current, Optional<Path> previous)
      throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    files.put(CURRENT, Files.readAllBytes(current));
    if (previous.isPresent()) {
      files.put(PREVIOUS, Files.readAllBytes(previous.get()));
    }
    return files;
  }

  static List<byte[]> load(Map<String, byte[]> files, Path current, Optional<Path> previous)
      throws ReloadException {
    List<byte[]> secrets = new ArrayList<>();
    secrets.add(secret(files.get(CURRENT), current));
    if (previous.isPresent()) {
      secrets.add(secret(files.get(PREVIOUS), previous.get()));
    }
    return List.copyOf(secrets);
  }

  private static byte[] secret(byte[] raw, Path file) throws ReloadException {
    String text = new String(raw, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new ReloadException(file + " is empty");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
