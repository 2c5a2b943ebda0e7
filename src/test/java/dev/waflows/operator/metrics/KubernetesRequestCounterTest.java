package dev.waflows.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesRequestCounterTest {

  static KubernetesClient client;

  @Test
  void everyRequestOfTheClientIsCountedByVerbAndResource() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KubernetesClient counted =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientBuilderConsumer(
                b ->
                    b.addOrReplaceInterceptor(
                        KubernetesRequestCounter.NAME, new KubernetesRequestCounter(registry)))
            .build()) {
      counted
          .secrets()
          .inNamespace("shop")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("key")
                  .endMetadata()
                  .addToStringData("a", "b")
                  .build())
          .create();
      counted.secrets().inNamespace("shop").withName("key").get();
      counted.secrets().inNamespace("shop").withName("key").get();
      counted.secrets().inNamespace("shop").list();
    }

    assertThat(count(registry, "create", "secrets")).isEqualTo(1);
    assertThat(count(registry, "get", "secrets")).isEqualTo(2);
    assertThat(count(registry, "list", "secrets")).isEqualTo(1);
  }

  private static double count(SimpleMeterRegistry registry, String verb, String resource) {
    Counter c =
        registry
            .find("flows.kubernetes.requests")
            .tag("verb", verb)
            .tag("resource", resource)
            .counter();
    return c == null ? 0 : c.count();
  }
}
