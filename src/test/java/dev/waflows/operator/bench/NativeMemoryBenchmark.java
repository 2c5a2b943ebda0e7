package dev.waflows.operator.bench;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints where the packaged operator's memory outside the heap goes ({@code
 * -XX:NativeMemoryTracking=summary}) with the Deployment's JVM flags plus any given, at rest with a
 * fleet of resources: a unit-scale run against the Fabric8 mock API server and the Graph sandbox,
 * no control plane. A main, not a test. After {@code mvn -DskipTests package} and {@code mvn
 * dependency:build-classpath -Dmdep.outputFile=cp.txt}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.bench.NativeMemoryBenchmark RESOURCES REST_S [JVM flag...]
 * </pre>
 *
 * <p>The operator generates the resources' keys (3 numbers each), all become Ready, then it rests
 * {@code REST_S} seconds while /metrics is scraped every 15 s, as Prometheus would.
 */
public final class NativeMemoryBenchmark {

  private static final String NS = "nmt";
  private static final Pattern COMMITTED =
      Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

  private NativeMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int resources = Integer.parseInt(args[0]);
    int restSeconds = Integer.parseInt(args[1]);
    List<String> flags = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
    flags.add("-XX:NativeMemoryTracking=summary");
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    try (KubernetesClient client = server.createClient();
        GraphSandbox graph = GraphSandbox.start().acceptTokens(OperatorHarness.TOKEN)) {
      OperatorHarness.installCrd(client);
      OperatorHarness.createNamespace(client, NS);
      for (int i = 0; i < resources; i++) {
        FlowsEncryptionKey r = new FlowsEncryptionKey();
        r.setMetadata(new ObjectMetaBuilder().withName("flows-" + i).withNamespace(NS).build());
        r.setSpec(
            OperatorHarness.spec(
                "flows-" + i + "-key",
                OperatorHarness.phoneNumber(),
                OperatorHarness.phoneNumber(),
                OperatorHarness.phoneNumber()));
        client.resource(r).create();
      }
      Path kubeconfig = Files.createTempFile("nmt-kubeconfig", ".yaml");
      Files.writeString(kubeconfig, kubeconfig(client.getMasterUrl().toString()));
      Path log = Path.of("target/bench/nmt-operator.log");
      long start = System.nanoTime();
      try (OperatorJvm operator =
          OperatorJvm.start(
              OperatorJvm.JAR, kubeconfig, graph.baseUrl(), 200, 32, log, List.copyOf(flags))) {
        double startS = (System.nanoTime() - start) / 1e9;
        double startCpu = operator.cpuSeconds();
        while (ready(client) < resources) {
          if (!operator.isAlive() || System.nanoTime() - start > 600e9) {
            throw new IllegalStateException("not all Ready; see " + log);
          }
          OperatorJvm.sleep(2_000);
        }
        double readyS = (System.nanoTime() - start) / 1e9;
        for (int s = 0; s < restSeconds; s += 15) {
          operator.kubernetesRequests(); // a scrape of /metrics
          OperatorJvm.sleep(15_000);
        }
        String nmt = operator.nativeMemorySummary();
        Path full = Path.of("target/bench/nmt-" + System.currentTimeMillis() + ".txt");
        Files.writeString(full, flags + "\n" + nmt);
        System.out.printf(
            "operator ready after %.1f s (CPU %.1f s); %d resources Ready after %.0f s; flags %s%nRSS"
                + " %.0f MiB (peak %.0f), heap after full GC %.1f MiB, operator CPU %.0f s%n",
            startS,
            startCpu,
            resources,
            readyS,
            flags,
            operator.rssMiB(),
            operator.peakRssMiB(),
            operator.heapAfterGcMiB(),
            operator.cpuSeconds());
        Matcher m = COMMITTED.matcher(nmt);
        while (m.find()) {
          System.out.printf(
              "  %-28s %7.1f MiB committed%n", m.group(1), Long.parseLong(m.group(2)) / 1024.0);
        }
        nmt.lines()
            .filter(
                l -> l.startsWith("Total") || l.contains("(thread #") || l.contains("(classes #"))
            .map(String::strip)
            .forEach(System.out::println);
        System.out.println("  (the whole summary: " + full + ")");
      }
    } finally {
      server.destroy();
    }
  }

  private static long ready(KubernetesClient client) {
    return client.resources(FlowsEncryptionKey.class).inNamespace(NS).list().getItems().stream()
        .filter(
            r ->
                r.getStatus() != null
                    && r.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .count();
  }

  private static String kubeconfig(String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        users:
        - name: mock
          user:
            token: mock
        contexts:
        - name: mock
          context:
            cluster: mock
            user: mock
        current-context: mock
        """
        .formatted(server);
  }
}
