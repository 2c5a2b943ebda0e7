package dev.waflows.operator.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Generates the RSA-2048 key pairs WhatsApp Flows needs (public exponent 65537), no more at once
 * than there are processors.
 *
 * <p>Generation is pure CPU. Run on every reconcile thread at once (50 by default), the processors
 * are shared between all of them, so every key of a burst is finished only near the end of it and
 * the Graph registrations that follow cannot overlap with the generation of the later keys. In
 * arrival order, a few at a time, keys finish at a steady rate from the start.
 */
public final class RsaKeyGenerator {

  // The JDK default SecureRandom is seeded and fed by the operating system (NativePRNG on
  // Linux). getInstanceStrong() would pick the blocking /dev/random variant, which can stall a
  // freshly started container for nothing.
  private final SecureRandom random = new SecureRandom();
  private final Semaphore slots;
  private final int atOnce;
  private final Supplier<KeyPair> generation;

  /** A generator with its own strong random source, as many at once as there are processors. */
  public RsaKeyGenerator() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A generator that generates at most {@code atOnce} keys at the same time. */
  public RsaKeyGenerator(int atOnce) {
    this.slots = new Semaphore(atOnce, true);
    this.atOnce = atOnce;
    this.generation = this::generateNow;
  }

  /** For tests: {@code generation} in place of RSA key generation, bounded the same way. */
  RsaKeyGenerator(int atOnce, Supplier<KeyPair> generation) {
    this.slots = new Semaphore(atOnce, true);
    this.atOnce = atOnce;
    this.generation = generation;
  }

  /** How many keys it generates at most at the same time. */
  public int atOnce() {
    return atOnce;
  }

  /** A new key pair: an {@code RSAPrivateCrtKey} and an {@code RSAPublicKey}, 2048 bits. */
  public KeyPair generate() {
    return generateIf(() -> true).orElseThrow();
  }

  /**
   * A new key pair, unless {@code stillWanted} says no once this caller's turn has come: a caller
   * may wait behind many others, and what it wanted the key for can be gone by then.
   */
  public Optional<KeyPair> generateIf(BooleanSupplier stillWanted) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      // The operator is stopping: the reconcile that wanted this key is abandoned.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to generate a key", e);
    }
    try {
      return stillWanted.getAsBoolean() ? Optional.of(generation.get()) : Optional.empty();
    } finally {
      slots.release();
    }
  }

  /**
   * A new key pair if a slot is free and nobody waits for one; otherwise empty at once. Fair: it
   * never takes a slot from a caller already waiting in {@link #generateIf}.
   */
  public Optional<KeyPair> generateIfIdle() {
    try {
      if (!slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to generate a key", e);
    }
    try {
      return Optional.of(generation.get());
    } finally {
      slots.release();
    }
  }

  private KeyPair generateNow() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(
          new RSAKeyGenParameterSpec(RsaKeys.KEY_BITS, RSAKeyGenParameterSpec.F4), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate RSA-2048 keys", e);
    }
  }
}
