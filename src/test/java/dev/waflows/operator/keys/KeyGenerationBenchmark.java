package dev.waflows.operator.keys;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints how long key generation takes (median of 20, after warm-up), and what an encrypted private
 * key costs to write and to read (PBKDF2). A main, not a test: figures, not assertions, and never
 * run by Surefire. Run after {@code mvn test-compile} with
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.keys.KeyGenerationBenchmark
 * </pre>
 *
 * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class KeyGenerationBenchmark {

  private static final int RUNS = 20;
  private static final int WARM_UP = 3;

  private KeyGenerationBenchmark() {}

  public static void main(String[] args) throws Exception {
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
}
