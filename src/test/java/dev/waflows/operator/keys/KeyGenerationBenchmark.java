package dev.waflows.operator.keys;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Prints how long key generation takes (median of 20, after warm-up), and what an encrypted private
 * key costs to write and to read (PBKDF2). With {@code parallel}, prints instead how generation on
 * 1, 2 and 4 threads scales with one shared random source against one per thread: CPU per key (from
 * the thread's own CPU clock, so that other load on the machine does not count), time blocked on
 * monitors, time inside {@code nextBytes}, and wall time. A main, not a test: figures, not
 * assertions, and never run by Surefire. Run after {@code mvn test-compile} with
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.keys.KeyGenerationBenchmark [parallel | burst KEYS THREADS]
 * </pre>
 *
 * <p>{@code burst} is what a fresh operator does when many resources arrive at once: in a new JVM,
 * one key (the benchmark's warm-up resource), then KEYS keys spread over THREADS threads (the
 * reconcile threads) through one {@link RsaKeyGenerator}, twice. It prints the CPU of the
 * generating threads beside that of the whole process, so that the JIT compiler's and the GC's
 * share shows.
 *
 * <p>where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class KeyGenerationBenchmark {

  private static final int RUNS = 20;
  private static final int WARM_UP = 3;

  private KeyGenerationBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("parallel")) {
      parallel();
      return;
    }
    if (args.length > 0 && args[0].equals("burst")) {
      burst(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "");
      return;
    }
    RsaKeyGenerator generator = new RsaKeyGenerator();
    for (int i = 0; i < WARM_UP; i++) {
      generator.generate();
    }
    long[] generate = new long[RUNS];
    KeyPair pair = null;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      pair = generator.generate();
      generate[i] = System.nanoTime() - start;
    }
    print("generate RSA-2048 pair", generate);

    Passphrase passphrase = Passphrase.of("benchmark-passphrase");
    long[] writeEncrypted = new long[5];
    long[] readEncrypted = new long[5];
    for (int i = 0; i < writeEncrypted.length; i++) {
      long start = System.nanoTime();
      Map<String, String> written = KeySecretWriter.write(pair, passphrase);
      writeEncrypted[i] = System.nanoTime() - start;
      Map<String, byte[]> data = new HashMap<>();
      written.forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.US_ASCII)));
      start = System.nanoTime();
      KeySecretReader.read(data, passphrase);
      readEncrypted[i] = System.nanoTime() - start;
    }
    print(
        "write encrypted PKCS#8 (PBKDF2 " + KeySecretWriter.PBKDF2_ITERATIONS + ")",
        writeEncrypted);
    print("read encrypted PKCS#8", readEncrypted);
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    System.out.printf(
        "%-45s n=%d median=%.1f ms min=%.1f ms max=%.1f ms%n",
        what, nanos.length, median / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  // ---------------------------------------------------------------- parallel ----

  private static final int KEYS_PER_THREAD = 6;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static void parallel() throws Exception {
    THREADS.setThreadContentionMonitoringEnabled(true);
    System.out.printf(
        "cores=%d, %d keys per thread; cpu = thread CPU clock; blocked = time waiting for a"
            + " monitor (ThreadMXBean contention monitoring)%n",
        Runtime.getRuntime().availableProcessors(), KEYS_PER_THREAD);
    Map<String, Supplier<Supplier<SecureRandom>>> sources = new java.util.LinkedHashMap<>();
    // Each entry makes, per run, something that hands a random source to each thread.
    sources.put(
        "shared new SecureRandom()",
        () -> {
          SecureRandom shared = new SecureRandom();
          return () -> shared;
        });
    sources.put("per-thread new SecureRandom()", () -> SecureRandom::new);
    sources.put(
        "shared DRBG",
        () -> {
          SecureRandom shared = drbg();
          return () -> shared;
        });
    sources.put("per-thread DRBG", () -> KeyGenerationBenchmark::drbg);
    sources.put("RsaKeyGenerator (as the operator)", () -> null);

    // Warm-up: C2 compiles BigInteger's Montgomery multiplication only after a few keys.
    RsaKeyGenerator warm = new RsaKeyGenerator();
    for (int i = 0; i < 10; i++) {
      warm.generate();
    }
    System.out.printf(
        "%-36s %7s %6s %9s %11s %11s %11s %9s%n",
        "source", "threads", "keys", "wall s", "cpu ms/key", "blocked ms", "nextBytes", "cpu/wall");
    for (int threads : new int[] {1, 2, 4}) {
      for (var source : sources.entrySet()) {
        run(source.getKey(), threads, source.getValue().get());
      }
    }
  }

  /**
   * @param source "" through {@link RsaKeyGenerator}; "unbounded" through one that lets every
   *     thread generate at once (as before it was bounded by the processors); "shared-native" one
   *     {@code new SecureRandom()} for all threads (the generator before the change);
   *     "per-thread-drbg" a DRBG per thread
   */
  private static void burst(int keys, int threads, String source) throws Exception {
    THREADS.setThreadContentionMonitoringEnabled(true);
    RsaKeyGenerator operator = new RsaKeyGenerator();
    SecureRandom shared = new SecureRandom();
    ThreadLocal<SecureRandom> perThread = ThreadLocal.withInitial(KeyGenerationBenchmark::drbg);
    Supplier<KeyPair> generator =
        switch (source) {
          case "" -> operator::generate;
          case "unbounded" -> new RsaKeyGenerator(Integer.MAX_VALUE)::generate;
          case "shared-native" -> () -> generateUnchecked(shared);
          case "per-thread-drbg" -> () -> generateUnchecked(perThread.get());
          default -> throw new IllegalArgumentException(source);
        };
    System.out.println("source: " + (source.isEmpty() ? "RsaKeyGenerator" : source));
    System.out.printf(
        "%-12s %6s %8s %9s %25s %14s %14s %11s %9s %8s%n",
        "burst",
        "keys",
        "threads",
        "wall s",
        "keys done at 10/50/90% s",
        "thread cpu s",
        "process cpu s",
        "blocked ms",
        "JIT s",
        "GC s");
    burstRound("warm-up", generator, 1, 1);
    burstRound("first", generator, keys, threads);
    burstRound("second", generator, keys, threads);
  }

  /**
   * A started thread that waits for {@code start}, runs {@code work}, and adds its CPU time and its
   * time blocked on monitors to {@code cpu} and {@code blocked} (nanoseconds, milliseconds).
   */
  private static Thread measuredThread(
      CyclicBarrier start, AtomicLong cpu, AtomicLong blocked, Runnable work) {
    Thread thread =
        new Thread(
            () -> {
              try {
                start.await();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              long id = Thread.currentThread().getId();
              long blockedBefore = THREADS.getThreadInfo(id).getBlockedTime();
              long cpuBefore = THREADS.getCurrentThreadCpuTime();
              work.run();
              cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuBefore);
              blocked.addAndGet(THREADS.getThreadInfo(id).getBlockedTime() - blockedBefore);
            });
    thread.start();
    return thread;
  }

  private static KeyPair generateUnchecked(SecureRandom random) {
    try {
      return generate(random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void burstRound(String name, Supplier<KeyPair> generator, int keys, int threads)
      throws Exception {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var jit = ManagementFactory.getCompilationMXBean();
    java.util.concurrent.atomic.AtomicInteger left =
        new java.util.concurrent.atomic.AtomicInteger(keys);
    AtomicLong cpu = new AtomicLong();
    AtomicLong blocked = new AtomicLong();
    long[] doneAt = new long[keys];
    AtomicLong wallStart = new AtomicLong();
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(threads + 1, () -> wallStart.set(System.nanoTime()));
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          measuredThread(
              start,
              cpu,
              blocked,
              () -> {
                while (left.getAndDecrement() > 0) {
                  generator.get();
                  doneAt[done.getAndIncrement()] = System.nanoTime() - wallStart.get();
                }
              }));
    }
    long gcBefore = gcMillis();
    long jitBefore = jit.getTotalCompilationTime();
    long processBefore = os.getProcessCpuTime();
    start.await();
    for (Thread w : workers) {
      w.join();
    }
    long wall = System.nanoTime() - wallStart.get();
    Arrays.sort(doneAt);
    System.out.printf(
        "%-12s %6d %8d %9.2f %25s %14.2f %14.2f %11d %9.2f %8.2f%n",
        name,
        keys,
        threads,
        wall / 1e9,
        String.format(
            "%.1f / %.1f / %.1f",
            doneAt[keys / 10] / 1e9, doneAt[keys / 2] / 1e9, doneAt[keys * 9 / 10] / 1e9),
        cpu.get() / 1e9,
        (os.getProcessCpuTime() - processBefore) / 1e9,
        blocked.get(),
        (jit.getTotalCompilationTime() - jitBefore) / 1e3,
        (gcMillis() - gcBefore) / 1e3);
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Generates {@link #KEYS_PER_THREAD} keys on each of {@code threads} threads started together.
   * {@code sources} null means through the operator's own {@link RsaKeyGenerator}, shared.
   */
  private static void run(String name, int threads, Supplier<SecureRandom> sources)
      throws Exception {
    RsaKeyGenerator operatorGenerator = new RsaKeyGenerator();
    AtomicLong cpu = new AtomicLong();
    AtomicLong blocked = new AtomicLong();
    AtomicLong inNextBytes = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SecureRandom random = sources == null ? null : new TimedRandom(sources.get(), inNextBytes);
      workers.add(
          measuredThread(
              start,
              cpu,
              blocked,
              () -> {
                for (int k = 0; k < KEYS_PER_THREAD; k++) {
                  if (random == null) {
                    operatorGenerator.generate();
                  } else {
                    generateUnchecked(random);
                  }
                }
              }));
    }
    start.await();
    long wallStart = System.nanoTime();
    for (Thread w : workers) {
      w.join();
    }
    long wall = System.nanoTime() - wallStart;
    int keys = threads * KEYS_PER_THREAD;
    System.out.printf(
        "%-36s %7d %6d %9.2f %11.0f %11d %11s %9.2f%n",
        name,
        threads,
        keys,
        wall / 1e9,
        cpu.get() / 1e6 / keys,
        blocked.get(),
        sources == null ? "-" : String.format("%.1f ms", inNextBytes.get() / 1e6),
        (double) cpu.get() / wall);
  }

  private static KeyPair generate(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(
        new RSAKeyGenParameterSpec(RsaKeys.KEY_BITS, RSAKeyGenParameterSpec.F4), random);
    return generator.generateKeyPair();
  }

  /** Counts the wall time spent inside {@code nextBytes}, where a shared source would queue. */
  private static final class TimedRandom extends SecureRandom {
    private final SecureRandom delegate;
    private final AtomicLong nanos;

    TimedRandom(SecureRandom delegate, AtomicLong nanos) {
      this.delegate = delegate;
      this.nanos = nanos;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      long start = System.nanoTime();
      delegate.nextBytes(bytes);
      nanos.addAndGet(System.nanoTime() - start);
    }
  }
}
