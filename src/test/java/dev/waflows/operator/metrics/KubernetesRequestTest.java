package dev.waflows.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesRequestTest {

  @ParameterizedTest(name = "{0} {1} is {2} {3}")
  @CsvSource({
    "GET, /api/v1/namespaces/shop/secrets/key, get, secrets",
    "GET, /api/v1/namespaces/shop/secrets, list, secrets",
    "GET, /api/v1/namespaces/shop/secrets?watch=true&resourceVersion=5, watch, secrets",
    "GET, /api/v1/secrets?labelSelector=a, list, secrets",
    "POST, /api/v1/namespaces/shop/secrets, create, secrets",
    "PUT, /api/v1/namespaces/shop/secrets/key, update, secrets",
    "POST, /api/v1/namespaces/shop/events, create, events",
    "PATCH, /apis/events.k8s.io/v1/namespaces/shop/events/e1, patch, events",
    "PATCH, /apis/waflows.dev/v1alpha1/namespaces/shop/flowsencryptionkeys/a/status, patch,"
        + " flowsencryptionkeys/status",
    "PUT, /apis/waflows.dev/v1alpha1/namespaces/shop/flowsencryptionkeys/a, update,"
        + " flowsencryptionkeys",
    "GET, /apis/waflows.dev/v1alpha1/flowsencryptionkeys?watch=true, watch, flowsencryptionkeys",
    "GET, /apis/coordination.k8s.io/v1/namespaces/flows-system/leases/x, get, leases",
    "GET, /api/v1/namespaces/shop, get, namespaces",
    "GET, /api/v1/namespaces, list, namespaces",
    "DELETE, /api/v1/namespaces/shop/secrets/key, delete, secrets",
    "DELETE, /api/v1/namespaces/shop/secrets, deletecollection, secrets",
    "GET, /version, get, other",
    "GET, /, get, other",
    "OPTIONS, /api/v1/namespaces/shop/secrets, other, secrets",
  })
  void namesVerbAndResourceAsTheApiServerDoes(
      String method, String url, String verb, String resource) {
    assertThat(KubernetesRequest.of(method, URI.create("https://k8s:6443" + url)))
        .isEqualTo(new KubernetesRequest(verb, resource));
  }

  @ParameterizedTest
  @CsvSource(
      value = {"null", "''", "GET"},
      nullValues = "null")
  void neverThrowsOnOddInput(String method) {
    assertThat(KubernetesRequest.of(method, null).resource()).isEqualTo("other");
    assertThat(KubernetesRequest.of(method, URI.create("urn:x")).resource()).isEqualTo("other");
  }
}
