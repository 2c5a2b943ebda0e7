package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesRequestCountsTest {

  private static final String BEFORE =
      """
      # HELP flows_kubernetes_requests_total Requests sent to the Kubernetes API
      # TYPE flows_kubernetes_requests_total counter
      flows_kubernetes_requests_total{resource="secrets",verb="get"} 10.0
      flows_kubernetes_requests_total{resource="flowsencryptionkeys/status",verb="patch"} 2.0
      flows_graph_requests_total{method="GET",outcome="success"} 99.0
      """;

  private static final String AFTER =
      """
      flows_kubernetes_requests_total{resource="secrets",verb="get"} 30.0
      flows_kubernetes_requests_total{resource="secrets",verb="create"} 10.0
      flows_kubernetes_requests_total{resource="flowsencryptionkeys/status",verb="patch"} 12.0
      flows_kubernetes_requests_total{resource="events",verb="create"} 20.0
      """;

  @Test
  void readsOnlyTheKubernetesCountersByVerbAndResource() {
    assertThat(KubernetesRequestCounts.parse(BEFORE).byKind())
        .containsOnlyKeys("get secrets", "patch flowsencryptionkeys/status")
        .containsEntry("get secrets", 10.0);
  }

  @Test
  void theDifferencePerResourceIsPrintedLargestFirst() {
    KubernetesRequestCounts round =
        KubernetesRequestCounts.parse(AFTER).since(KubernetesRequestCounts.parse(BEFORE));
    assertThat(round.total()).isEqualTo(60.0);
    assertThat(round.perResource(10))
        .isEqualTo(
            "2.00 create events, 2.00 get secrets, 1.00 create secrets,"
                + " 1.00 patch flowsencryptionkeys/status; 6.00 in all");
  }

  @Test
  void nothingCountedSaysSo() {
    assertThat(KubernetesRequestCounts.parse("").perResource(5)).isEqualTo("none counted");
  }
}
