package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator asks the API server for the metadata of Secrets only, never for their data, and a
 * fixed token Secret still takes effect at once (the mock server ignores the Accept header and
 * streams whole Secrets: the watch copes).
 */
@EnableKubernetesMockClient(crud = true)
class ReferencedSecretEventSourceTest {

  private static final String AGENT = "operator-under-test";

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void secretsAreListedAndWatchedForMetadataOnlyAndAFixedTokenStillTakesEffectAtOnce()
      throws Exception {
    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(AGENT).build())
            .build();
    try (OperatorHarness h =
        new OperatorHarness(client, operatorClient, null, Optional.empty(), true)) {
      String ns = h.namespace();
      h.putSecret(ns, "unrelated", Map.of("password", "not-for-the-operator"));
      h.putSecret(ns, "whatsapp-system-user", Map.of("token", "EAAGwrongTOKEN123"));
      FlowsEncryptionKeySpec spec = spec("key", phoneNumber());
      spec.setVerifyInterval("24h");
      h.create(ns, "shop", spec);
      h.awaitCondition(ns, "shop", "Ready", "False", "InvalidToken");

      h.putSecret(ns, "whatsapp-system-user", Map.of("token", OperatorHarness.TOKEN));
      h.awaitReady(ns, "shop");

      List<RecordedRequest> collection = secretCollectionRequests();
      assertThat(collection)
          .as("a list (limit=1) and a watch of the Secret collection")
          .anyMatch(r -> r.getPath().contains("watch=true"))
          .anyMatch(r -> r.getPath().contains("limit=1"));
      for (RecordedRequest r : collection) {
        String accept = r.getHeaders().get("Accept");
        if (r.getPath().contains("watch=true")) {
          assertThat(accept)
              .as(r.getPath())
              .isEqualTo("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
        } else {
          assertThat(accept)
              .as(r.getPath())
              .isEqualTo("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
        }
      }
    } finally {
      operatorClient.close();
    }
  }

  /** The operator's requests to /api/v1/secrets or /api/v1/namespaces/x/secrets (no name). */
  private static List<RecordedRequest> secretCollectionRequests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String path = URI.create(r.getPath()).getPath();
      if (AGENT.equals(r.getHeader("User-Agent"))
          && path.matches("/api/v1/(namespaces/[^/]+/)?secrets")
          && r.getMethod().equals("GET")) {
        out.add(r);
      }
    }
    return out;
  }
}
