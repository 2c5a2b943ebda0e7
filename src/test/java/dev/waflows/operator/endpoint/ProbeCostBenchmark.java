package dev.waflows.operator.endpoint;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Optional;

/**
 * Prints what one endpoint probe costs the operator: sealing a ping (a fresh AES key, RSA-OAEP with
 * the public key, AES-GCM), signing it, one POST to a local endpoint and opening its answer. Median
 * and p90 of 200 probes after a warm-up. A main, not a test: figures, not assertions, and never run
 * by Surefire. Run after {@code mvn test-compile} with
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.endpoint.ProbeCostBenchmark
 * </pre>
 */
public final class ProbeCostBenchmark {

  private static final int RUNS = 200;
  private static final int WARM_UP = 50;

  private ProbeCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    byte[] secret = "benchmark-app-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (TestFlowsEndpoint endpoint = new TestFlowsEndpoint(pair.getPrivate());
        EndpointProber prober = new EndpointProber()) {
      endpoint.requireAppSecret(secret);
      Optional<AppSecret> signed = Optional.of(AppSecret.of(secret));
      for (int i = 0; i < WARM_UP; i++) {
        prober.probe(endpoint.url(), pair.getPublic(), signed);
      }
      long[] took = new long[RUNS];
      long cpuBefore = cpuNanos();
      for (int i = 0; i < RUNS; i++) {
        ProbeResult r = prober.probe(endpoint.url(), pair.getPublic(), signed);
        if (!r.opened()) {
          throw new IllegalStateException("probe " + i + ": " + r.outcome());
        }
        took[i] = r.took().toNanos();
      }
      long cpu = cpuNanos() - cpuBefore;
      Arrays.sort(took);
      System.out.printf(
          "endpoint probe (seal, sign, POST, open), %d runs: median %.2f ms, p90 %.2f ms;"
              + " process CPU %.2f ms per probe (operator and local endpoint together)%n",
          RUNS, took[RUNS / 2] / 1e6, took[RUNS * 9 / 10] / 1e6, cpu / 1e6 / RUNS);
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
