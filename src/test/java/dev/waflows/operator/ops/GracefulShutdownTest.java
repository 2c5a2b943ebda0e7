package dev.waflows.operator.ops;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closing the operator while a reconcile waits on Graph: the reconcile finishes within the
 * termination timeout, and the Secret and Graph agree whatever the moment.
 */
@EnableKubernetesMockClient(crud = true)
class GracefulShutdownTest {

  static KubernetesClient client;

  @Test
  void closeLetsTheReconcileInFlightFinish() throws Exception {
    try (OperatorHarness h = new OperatorHarness(client)) {
      h.graph.setLatency(Duration.ofMillis(500));
      String ns = h.namespace();
      List<String> numbers = List.of(phoneNumber(), phoneNumber());
      h.create(ns, "shop", spec("shop-key", numbers.get(0), numbers.get(1)));
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> h.graph.maxConcurrent() > 0);

      long start = System.nanoTime();
      h.app().close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(OperatorApp.RECONCILE_TERMINATION_TIMEOUT);
      int requestsAtClose = h.graph.requests().size();
      // The reconcile ran to its end: every number registered, status written.
      assertThat(h.condition(ns, "shop", Conditions.READY))
          .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      var key = ShutdownChecks.assertConsistent(h.secret(ns, "shop-key"), h.graph, numbers);
      assertThat(key).isPresent();
      for (String id : numbers) {
        assertThat(h.graph.postCount(id)).isEqualTo(1);
      }
      Thread.sleep(300);
      assertThat(h.graph.requests()).as("nothing after close").hasSize(requestsAtClose);
    }
  }
}
