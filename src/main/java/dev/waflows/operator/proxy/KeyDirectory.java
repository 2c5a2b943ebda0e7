package dev.waflows.operator.proxy;

import dev.waflows.operator.flows.FlowsCipher;
import dev.waflows.operator.keys.InvalidKeyException;
import dev.waflows.operator.keys.KeySecretEntries;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.management.ReloadException;
import dev.waflows.operator.management.WatchedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private keys of the mounted key Secret, read as one snapshot and parsed once per change by
 * the operator's own key reader (every PEM form and passphrase form the operator reads).
 *
 * <p>The kubelet writes each version of a mounted Secret into a new timestamped directory and then
 * points the {@code ..data} symlink at it; the entry files are links through {@code ..data}. So the
 * files are read from where {@code ..data} points at one moment, which gives {@code private.pem}
 * and {@code previous-private.pem} of the same version. A directory without {@code ..data} (a plain
 * volume, a test) is read as it is.
 */
final class KeyDirectory {

  /** The kubelet's link to the current version of a mounted Secret or ConfigMap. */
  static final String DATA_LINK = "..data";

  /** Every entry the key reader knows; the rest of the Secret is ignored. */
  private static final List<String> ENTRIES =
      List.of(
          KeySecretEntries.PRIVATE_PEM,
          KeySecretEntries.TLS_KEY,
          KeySecretEntries.PUBLIC_PEM,
          KeySecretEntries.TLS_CRT,
          KeySecretEntries.PREVIOUS_PRIVATE,
          KeySecretEntries.PREVIOUS_PUBLIC);

  /** Not a file name a Secret entry can have ({@code /}), so it cannot clash with one. */
  private static final String PASSPHRASE = "/passphrase";

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  private KeyDirectory() {}

  /**
   * The watched key directory; each loaded key is prepared for {@code cipher}, and loads report to
   * {@code metrics}.
   */
  static WatchedFiles<KeySnapshot> watch(
      Path dir, Optional<Path> passphraseFile, FlowsCipher cipher, ProxyMetrics metrics) {
    return new WatchedFiles<>(
        "key directory " + dir,
        () -> read(dir, passphraseFile),
        files -> load(files, cipher),
        keys -> {
          metrics.keysLoaded(keys);
          log.info(
              "key directory {}: opening requests with the current key {}{}",
              dir,
              keys.current(),
              keys.previous().map(p -> " and the previous key " + p).orElse(""));
        },
        metrics::keyReloadFailed);
  }

  static Map<String, byte[]> read(Path dir, Optional<Path> passphraseFile) throws IOException {
    Path version = dir;
    Path data = dir.resolve(DATA_LINK);
    if (Files.exists(data)) {
      version = data.toRealPath();
    } else if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    Map<String, byte[]> files = new TreeMap<>();
    for (String entry : ENTRIES) {
      Path file = version.resolve(entry);
      if (Files.isRegularFile(file)) {
        files.put(entry, Files.readAllBytes(file));
      }
    }
    if (passphraseFile.isPresent()) {
      files.put(PASSPHRASE, Files.readAllBytes(passphraseFile.get()));
    }
    return files;
  }

  static KeySnapshot load(Map<String, byte[]> files, FlowsCipher cipher) throws ReloadException {
    Map<String, byte[]> entries = new TreeMap<>(files);
    byte[] passphraseBytes = entries.remove(PASSPHRASE);
    Passphrase passphrase = null;
    if (passphraseBytes != null) {
      try {
        passphrase = Passphrase.of(passphraseBytes);
      } catch (IllegalArgumentException e) {
        throw new ReloadException("the passphrase file: " + e.getMessage());
      }
    }
    if (!entries.containsKey(KeySecretEntries.PRIVATE_PEM)
        && !entries.containsKey(KeySecretEntries.TLS_KEY)) {
      throw new ReloadException(
          "no "
              + KeySecretEntries.PRIVATE_PEM
              + " (or "
              + KeySecretEntries.TLS_KEY
              + "): the proxy needs the private key; found "
              + (entries.isEmpty() ? "nothing" : String.join(", ", entries.keySet())));
    }
    LoadedKey key;
    try {
      key = KeySecretReader.read(entries, passphrase);
    } catch (InvalidKeyException e) {
      // The key reader's messages name the entry and the problem, never key material.
      throw new ReloadException(e.getMessage());
    }
    return new KeySnapshot(
        opening(key, cipher).orElseThrow(), key.previous().flatMap(p -> opening(p, cipher)));
  }

  private static Optional<KeySnapshot.OpeningKey> opening(LoadedKey key, FlowsCipher cipher) {
    return key.privateKey()
        .map(k -> new KeySnapshot.OpeningKey(cipher.openingKey(k), key.fingerprint()));
  }
}
