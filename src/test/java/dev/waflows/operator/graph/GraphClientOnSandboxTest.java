package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.sandbox.GraphSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against the Graph sandbox, which upgrades retired versions as Meta does. */
class GraphClientOnSandboxTest {

  private static final String PHONE = "106540352242922";
  private static final AccessToken TOKEN = AccessToken.of("EAAsandboxToken1234567890abcdefghij");

  private final GraphSandbox graph = GraphSandbox.start();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GraphClient client =
      new GraphClient(
          GraphClientSettings.defaults()
              .withAllowedBaseUrls(AllowedBaseUrls.parse(graph.baseUrl(), null)),
          registry);

  @AfterEach
  void stop() {
    client.close();
    graph.close();
  }

  @Test
  void aRetiredVersionComesBackUpgradedAndIsCounted() throws Exception {
    graph.serveVersions("v22.0", "v23.0", "v24.0"); // after 2027-01-21
    client.register(endpoint("v21.0"), PHONE, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM);
    StoredKey retired = client.get(endpoint("v21.0"), PHONE, TOKEN);
    StoredKey current = client.get(endpoint(GraphEndpoint.DEFAULT_VERSION), PHONE, TOKEN);

    assertThat(retired.isSet()).isTrue();
    assertThat(retired.servedVersion()).contains("v22.0");
    assertThat(current.servedVersion()).contains(GraphEndpoint.DEFAULT_VERSION);
    assertThat(
            registry
                .get(GraphMetrics.VERSION_UPGRADED)
                .tag("requested", "v21.0")
                .tag("served", "v22.0")
                .counter()
                .count())
        .as("the POST and the GET")
        .isEqualTo(2.0);
    assertThat(registry.find(GraphMetrics.VERSION_UPGRADED).counters()).hasSize(1);
  }

  private GraphEndpoint endpoint(String version) {
    return GraphEndpoint.of(graph.baseUrl(), version, null);
  }
}
