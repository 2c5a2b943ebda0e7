package dev.waflows.operator.flows;

import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.LoadedKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;

/**
 * Prints the CPU one request costs an endpoint in this JVM: the signature check, RSA-2048 OAEP
 * unwrap, GCM open of the request and GCM seal of the answer (the bare work the proxy adds), after
 * warm-up, on one thread; one line for SunJCE, one for the native provider the proxy uses where it
 * loads ({@link CipherProvider}). A main, not a test: figures, not assertions. Run after {@code mvn
 * test-compile} with
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.flows.FlowsCipherBenchmark
 * </pre>
 *
 * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class FlowsCipherBenchmark {

  private static final int WARM_UP = 3_000;
  private static final int RUNS = 5_000;

  private FlowsCipherBenchmark() {}

  public static void main(String[] args) throws Exception {
    measure(CipherProvider.jdk());
    CipherProvider native_ = CipherProvider.nativeIfAvailable();
    if (native_.isNative()) {
      measure(native_);
    } else {
      System.out.println("native: not available here, " + native_);
    }
  }

  private static void measure(CipherProvider provider) throws Exception {
    LoadedKey key = Fixtures.loadedKey("rsa2048-pkcs8.pem", null);
    FlowsCipher cipher = new FlowsCipher(provider);
    PrivateKey privateKey = cipher.openingKey(key.privateKey().orElseThrow());
    byte[] request =
        ("{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"APPOINTMENT\","
                + "\"flow_token\":\"tok\",\"data\":{\"department\":\"shopping\",\"date\":\"2024-01-01\"}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] answer =
        "{\"screen\":\"DETAILS\",\"data\":{\"slots\":[\"10:00\",\"11:00\",\"12:00\"]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    byte[] body = cipher.seal(request, key.publicKey()).body().toJson();
    String signature = RequestSignature.sign(secret, body);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < WARM_UP; i++) {
      once(cipher, body, signature, secret, privateKey, answer);
    }
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    for (int i = 0; i < RUNS; i++) {
      once(cipher, body, signature, secret, privateKey, answer);
    }
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / RUNS;
    double wallMs = (System.nanoTime() - wall) / 1e6 / RUNS;
    System.out.printf(
        "%s: signature check + parse + RSA-OAEP unwrap + GCM open + GCM seal: %.3f ms CPU, %.3f ms"
            + " wall per request (%d runs, %s %s %s)%n",
        provider.isNative() ? "native" : "SunJCE",
        cpuMs,
        wallMs,
        RUNS,
        provider.name() + " " + provider.version() + ",",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
  }

  private static void once(
      FlowsCipher cipher,
      byte[] body,
      String signature,
      byte[] secret,
      PrivateKey key,
      byte[] answer)
      throws Exception {
    if (!RequestSignature.matches(signature, body, List.of(secret))) {
      throw new IllegalStateException("signature");
    }
    OpenedRequest opened = cipher.open(EncryptedRequest.parse(body), key);
    cipher.sealResponse(answer, opened);
  }
}
