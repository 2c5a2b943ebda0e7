package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesApiRouteTest {

  private static final String CORP = "http://proxy.corp:3128";

  @Test
  void noProxyConfiguredMeansNoneAsked() {
    assertThat(
            KubernetesApiRoute.proxyAsked(
                new ConfigBuilder().build(), Map.<String, String>of()::get))
        .isFalse();
  }

  @Test
  void aProxyTheVariablesNamedIsForGraphNotForTheApiServer() {
    Config config = new ConfigBuilder().withHttpsProxy(CORP).withHttpProxy(CORP).build();

    assertThat(KubernetesApiRoute.proxyAsked(config, Map.of("https.proxy", CORP)::get)).isFalse();
    assertThat(KubernetesApiRoute.proxyAsked(config, Map.of("all.proxy", CORP)::get)).isFalse();
  }

  @Test
  void aProxyOnlyTheKubeconfigNamesWasAskedFor() {
    Config config = new ConfigBuilder().withHttpsProxy("http://api-proxy.corp:8080").build();

    assertThat(KubernetesApiRoute.proxyAsked(config, Map.of("https.proxy", CORP)::get)).isTrue();
    assertThat(KubernetesApiRoute.proxyAsked(config, Map.<String, String>of()::get)).isTrue();
  }
}
