package dev.waflows.operator.management;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value loaded from a few files, loaded again whenever their bytes change, the last good value
 * kept when a change cannot be loaded.
 *
 * <p>{@link #check()} is called every few seconds: it reads the files (a few small ones), compares
 * a digest of their bytes with the last one seen, and loads only on a change. Polling rather than
 * inotify: the kubelet swaps a mounted Secret by replacing the {@code ..data} symlink, which
 * per-file watches miss; reading a few kilobytes a second costs nothing and works the same on every
 * volume type. A change that fails (half written, a wrong passphrase) is reported once, not every
 * second; the next change is tried again.
 *
 * @param <T> the loaded value
 */
public final class WatchedFiles<T> {

  /** Reads the raw bytes, by name. */
  public interface Source {
    Map<String, byte[]> read() throws IOException;
  }

  /** Turns the raw bytes into the value. */
  public interface Loader<T> {
    T load(Map<String, byte[]> files) throws ReloadException;
  }

  private static final Logger log = LoggerFactory.getLogger(WatchedFiles.class);

  private final String what;
  private final Source source;
  private final Loader<T> loader;
  private final Consumer<T> onLoaded;
  private final Runnable onFailure;
  private volatile T value;
  private byte[] lastSeen;

  /**
   * @param what names the files in log lines, e.g. "key directory /etc/flows-key"
   */
  public WatchedFiles(
      String what, Source source, Loader<T> loader, Consumer<T> onLoaded, Runnable onFailure) {
    this.what = what;
    this.source = source;
    this.loader = loader;
    this.onLoaded = onLoaded;
    this.onFailure = onFailure;
  }

  /** The last value loaded, if any. */
  public Optional<T> value() {
    return Optional.ofNullable(value);
  }

  /** Loads the files if they changed since the last call. */
  public synchronized void check() {
    Map<String, byte[]> files;
    byte[] seen;
    try {
      files = source.read();
      seen = digest(files);
    } catch (IOException e) {
      // The message names the file (NoSuchFileException: its path), not its content.
      fail(("io:" + e).getBytes(StandardCharsets.UTF_8), describe(e));
      return;
    }
    if (Arrays.equals(seen, lastSeen)) {
      return;
    }
    try {
      T loaded = loader.load(files);
      lastSeen = seen;
      value = loaded;
      onLoaded.accept(loaded);
    } catch (ReloadException e) {
      fail(seen, e.getMessage());
    }
  }

  private void fail(byte[] seen, String reason) {
    if (Arrays.equals(seen, lastSeen)) {
      return;
    }
    lastSeen = seen;
    onFailure.run();
    if (value == null) {
      log.warn("{}: cannot be loaded, nothing loaded yet: {}", what, reason);
    } else {
      log.warn("{}: the change cannot be loaded, keeping what was loaded before: {}", what, reason);
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static byte[] digest(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Integer.toString(file.getValue().length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(file.getValue());
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
