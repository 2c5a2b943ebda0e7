package dev.waflows.operator.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out and updated the way the kubelet updates a mounted Secret: each version in a
 * new timestamped directory, {@code ..data} pointing at it, swapped atomically by renaming a new
 * link over it, and each entry a link through {@code ..data} (links of entries a version no longer
 * has are removed). Public for the end-to-end tests, which keep one in step with a real Secret.
 */
public final class KubeletVolume {

  private final Path dir;
  private final AtomicInteger versions = new AtomicInteger();

  public KubeletVolume(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Publishes a new version holding exactly {@code entries}. */
  public void publish(Map<String, byte[]> entries) throws IOException {
    Path version = dir.resolve("..2026_12_05_11_00_00." + versions.incrementAndGet());
    Files.createDirectory(version);
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      Files.write(version.resolve(entry.getKey()), entry.getValue());
    }
    Path tmp = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, version.getFileName());
    Path data = dir.resolve(KeyDirectory.DATA_LINK);
    Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String name : entries.keySet()) {
      Path link = dir.resolve(name);
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, Path.of(KeyDirectory.DATA_LINK, name));
      }
    }
    if (old != null) {
      try (var files = Files.list(old)) {
        for (Path f : files.toList()) {
          if (!entries.containsKey(f.getFileName().toString())) {
            Files.deleteIfExists(dir.resolve(f.getFileName()));
          }
          Files.delete(f);
        }
      }
      Files.delete(old);
    }
  }
}
