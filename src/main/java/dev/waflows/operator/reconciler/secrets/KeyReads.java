package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.keys.InvalidKeyException;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads keys from key Secrets for every resource at once: one decryption per version of a Secret
 * (and of the passphrase), shared by all the resources that name it, and at most {@link #BURST}
 * decryptions of one Secret at once, then one per {@link #REFILL}. A Secret edited in a loop, named
 * by many resources, so costs its namespace a bounded amount of CPU (each decryption is itself
 * capped at about a second, see KeyDerivationLimits) and no other tenant's reads wait on it. The
 * cache holds checked keys only in memory, bounded; neither it nor its keys are ever logged.
 */
public class KeyReads {

  /** Decryptions of one Secret allowed at once. */
  static final int BURST = 3;

  /** After the burst, one more decryption of the same Secret per this span. */
  static final Duration REFILL = Duration.ofSeconds(30);

  /** Secret versions kept (the key Secrets of this many resources that use distinct ones). */
  static final int CAPACITY = 512;

  /** How a key is read from a Secret's data; a test counts the calls. */
  @FunctionalInterface
  public interface Reader {
    LoadedKey read(Map<String, byte[]> data, Passphrase passphraseOrNull)
        throws InvalidKeyException;
  }

  /** What reading one version of a key Secret gave. */
  public sealed interface Read {
    /** A checked key. */
    record Key(LoadedKey key) implements Read {}

    /** No usable key; the message names the entry and what is wrong, never its content. */
    record Invalid(String message) implements Read {}

    /** Not read: the Secret's decryption budget is spent until {@code until}. */
    record Deferred(Instant until) implements Read {}
  }

  /** One version of a key Secret read with one version of a passphrase. */
  private record Version(String namespace, String name, String resourceVersion, String passphrase) {
    @Override
    public String toString() {
      return namespace + "/" + name + "@" + resourceVersion;
    }
  }

  /** A Secret's decryption budget; also the lock that lets one read decrypt while others wait. */
  private static final class Budget {
    private double tokens = BURST;
    private Instant updated;

    Budget(Instant now) {
      updated = now;
    }

    /** Takes one decryption if there is one; otherwise when the next one comes. */
    Instant take(Instant now) {
      double refilled = (double) Duration.between(updated, now).toMillis() / REFILL.toMillis();
      tokens = Math.min(BURST, tokens + Math.max(0, refilled));
      updated = now;
      if (tokens >= 1) {
        tokens -= 1;
        return null;
      }
      return now.plusMillis((long) Math.ceil((1 - tokens) * REFILL.toMillis()));
    }
  }

  private final TimeSource time;
  private final Reader reader;
  private final Map<Version, Read> reads = lru(CAPACITY);
  private final Map<String, Budget> budgets = lru(CAPACITY * 2);

  public KeyReads(TimeSource time) {
    this(time, KeySecretReader::read);
  }

  public KeyReads(TimeSource time, Reader reader) {
    this.time = time;
    this.reader = reader;
  }

  /**
   * The key in {@code secret} as read with this passphrase, from the cache when this version was
   * read before.
   *
   * @param passphraseVersion names the passphrase (its Secret, entry and resourceVersion), never
   *     its value
   * @param budgeted false for the operator's own writes (a rotation reads back what it wrote):
   *     those are bounded by the rotation itself
   */
  public Read read(
      Secret secret, String passphraseVersion, Passphrase passphraseOrNull, boolean budgeted) {
    String ns = secret.getMetadata().getNamespace();
    String name = secret.getMetadata().getName();
    Version version =
        new Version(ns, name, secret.getMetadata().getResourceVersion(), passphraseVersion);
    Budget budget;
    synchronized (budgets) {
      budget = budgets.computeIfAbsent(ns + "/" + name, k -> new Budget(time.now()));
    }
    // One reader per Secret at a time: the others then find its result in the cache.
    synchronized (budget) {
      Read cached;
      synchronized (reads) {
        cached = reads.get(version);
      }
      if (cached != null) {
        return cached;
      }
      if (budgeted) {
        Instant until = budget.take(time.now());
        if (until != null) {
          return new Read.Deferred(until);
        }
      }
      Read read;
      try {
        read = new Read.Key(reader.read(SecretReader.decodedData(secret), passphraseOrNull));
      } catch (InvalidKeyException e) {
        read = new Read.Invalid(e.getMessage());
      }
      synchronized (reads) {
        reads.put(version, read);
      }
      return read;
    }
  }

  private static <K, V> Map<K, V> lru(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
