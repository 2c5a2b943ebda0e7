package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.metrics.KubernetesRequestCounter;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What creating a resource costs the API server, counted on the operator's own client: one Secret
 * create, one status write once the numbers are registered, one Event per thing that happened (key
 * generated, numbers registered), and the reads of the Secrets it names.
 */
@EnableKubernetesMockClient(crud = true)
class CreationCostTest {

  static KubernetesClient client;
  private static final SimpleMeterRegistry counted = new SimpleMeterRegistry();
  private static KubernetesClient operatorClient;
  private static OperatorHarness h;

  @BeforeAll
  static void start() throws Exception {
    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientBuilderConsumer(
                b ->
                    b.addOrReplaceInterceptor(
                        KubernetesRequestCounter.NAME, new KubernetesRequestCounter(counted)))
            .build();
    h = new OperatorHarness(client, operatorClient, null, Optional.empty(), true);
  }

  @AfterAll
  static void stop() {
    h.close();
    operatorClient.close();
  }

  @Test
  void aNewResourceCostsOneSecretCreateOneStatusWriteAndTwoEvents() throws Exception {
    String ns = h.namespace();
    int n = 4;
    TreeMap<String, Double> before = requests();
    for (int i = 0; i < n; i++) {
      FlowsEncryptionKeySpec spec = spec("key-" + i, phoneNumber(), phoneNumber());
      // No periodic check inside the test's window (the harness clock runs 60 times faster).
      spec.setVerifyInterval("24h");
      h.create(ns, "shop-" + i, spec);
    }
    for (int i = 0; i < n; i++) {
      h.awaitReady(ns, "shop-" + i);
    }
    // Events and passes the last writes trigger land just after Ready.
    TimeUnit.SECONDS.sleep(2);
    TreeMap<String, Double> spent = since(before);
    System.out.println("requests for " + n + " new resources: " + spent);

    assertThat(spent.get("create secrets")).isEqualTo(n);
    assertThat(spent.get("patch flowsencryptionkeys/status")).isEqualTo(n);
    assertThat(spent.get("create events")).isEqualTo(2.0 * n);
    // Two reads per pass (the key and token Secrets), two passes: the second is woken by the
    // Secret the first created, and finds nothing due.
    assertThat(spent.get("get secrets")).isLessThanOrEqualTo(4.0 * n);
    assertThat(spent.keySet())
        .as("nothing else is written")
        .allMatch(
            k ->
                k.startsWith("get ")
                    || k.startsWith("list ")
                    || k.startsWith("watch ")
                    || k.equals("create secrets")
                    || k.equals("create events")
                    || k.equals("patch flowsencryptionkeys/status"));
  }

  private static TreeMap<String, Double> requests() {
    TreeMap<String, Double> m = new TreeMap<>();
    counted
        .find("flows.kubernetes.requests")
        .counters()
        .forEach(
            (Counter c) ->
                m.merge(
                    c.getId().getTag("verb") + " " + c.getId().getTag("resource"),
                    c.count(),
                    Double::sum));
    return m;
  }

  private static TreeMap<String, Double> since(TreeMap<String, Double> before) {
    TreeMap<String, Double> m = new TreeMap<>();
    requests()
        .forEach(
            (k, v) -> {
              double d = v - before.getOrDefault(k, 0.0);
              if (d > 0) {
                m.put(k, d);
              }
            });
    return m;
  }
}
