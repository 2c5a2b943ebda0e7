package dev.waflows.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowsMetricsTest {

  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FlowsMetrics metrics = new FlowsMetrics(registry);

  @Test
  void aResourceThatDropsANumberLosesOnlyThatNumbersSeries() {
    metrics.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW);
    metrics.numberChecked("a", "flows", "222", "VALID", true, INTERVAL, NOW);
    // The same number id under another resource and in another namespace stays.
    metrics.numberChecked("a", "other", "222", "MISMATCH", false, INTERVAL, NOW);
    metrics.numberChecked("b", "flows", "222", "VALID", true, INTERVAL, NOW);

    metrics.retainNumbers("a", "flows", Set.of("111"));

    assertThat(numbersWithSeries("flows_phone_number_valid"))
        .containsExactlyInAnyOrder("a/flows/111", "a/other/222", "b/flows/222");
    assertThat(numbersWithSeries("flows_phone_number_last_checked_timestamp_seconds"))
        .containsExactlyInAnyOrder("a/flows/111", "a/other/222", "b/flows/222");
    assertThat(byStatus("VALID")).isEqualTo(2);
    assertThat(byStatus("MISMATCH")).isEqualTo(1);
  }

  @Test
  void aResourceThatIsGoneLosesAllItsSeriesAndItsCounts() {
    metrics.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW);
    metrics.numberKnown("a", "flows", "222", null, false, INTERVAL);
    metrics.resourceState("a", "flows", true, false);
    metrics.numberChecked("a", "kept", "333", "VALID", true, INTERVAL, NOW);

    metrics.forgetResource("a", "flows");

    assertThat(numbersWithSeries("flows_phone_number_valid")).containsExactly("a/kept/333");
    assertThat(numbersWithSeries("flows_phone_number_verify_interval_seconds"))
        .containsExactly("a/kept/333");
    assertThat(Scraped.of(registry).series("flows_resource_ready")).isEmpty();
    assertThat(byStatus("VALID")).isEqualTo(1);
    assertThat(byStatus(FlowsMetrics.UNKNOWN)).isZero();
  }

  @Test
  void aNumberCheckedAfterItsResourceWasForgottenIsPublishedAgain() {
    metrics.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW);
    metrics.forgetResource("a", "flows");

    metrics.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW.plusSeconds(60));

    assertThat(
            Scraped.of(registry)
                .gauge(
                    "flows_phone_number_last_checked_timestamp_seconds", "phone_number_id", "111"))
        .hasValue(NOW.plusSeconds(60).getEpochSecond());
    assertThat(byStatus("VALID")).isEqualTo(1);
  }

  @Test
  void retainingTheNumbersOfAnUnknownResourceChangesNothing() {
    metrics.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW);

    metrics.retainNumbers("a", "never-seen", Set.of());

    assertThat(numbersWithSeries("flows_phone_number_valid")).containsExactly("a/flows/111");
  }

  @Test
  void aRotationThatSettlesLeavesNoSeriesOfItsResource() {
    metrics.rotationInProgress("a", "flows", NOW);
    assertThat(Scraped.of(registry).namesWith("name", "flows"))
        .containsExactly("flows_key_rotation_started_timestamp_seconds");

    metrics.rotationSettled("a", "flows");
    metrics.rotationSettled("a", "never-seen");

    assertThat(Scraped.of(registry).namesWith("name", "flows")).isEmpty();
  }

  @Test
  void checksRacingAForgetLeaveTheCountsRight() throws Exception {
    // A resource deleted while a pass still records its numbers: however the two interleave, once
    // it is forgotten for good no number of it is counted.
    Thread checks =
        new Thread(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                metrics.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW);
                metrics.numberKnown("a", "flows", "222", "MISMATCH", false, INTERVAL);
              }
            });
    checks.start();
    for (int i = 0; i < 20_000; i++) {
      metrics.forgetResource("a", "flows");
    }
    checks.join();
    metrics.forgetResource("a", "flows");

    assertThat(byStatus("VALID")).isZero();
    assertThat(byStatus("MISMATCH")).isZero();
    assertThat(numbersWithSeries("flows_phone_number_valid")).isEmpty();
  }

  @Test
  void withARegistryThatIsNotPrometheusTheCountsStillCount() {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    FlowsMetrics elsewhere = new FlowsMetrics(other);

    elsewhere.numberChecked("a", "flows", "111", "VALID", true, INTERVAL, NOW);

    assertThat(other.get("flows.phone.numbers").tag("signature_status", "VALID").gauge().value())
        .isEqualTo(1);
  }

  /**
   * The endpoint series as Prometheus shows them, under the names docs/reference.md gives and the
   * FlowsEndpointCannotDecrypt alert reads: a series that is named otherwise never fires the alert.
   */
  @Test
  void endpointProbesAreScrapedUnderTheDocumentedNames() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowsMetrics endpoint = new FlowsMetrics(prometheus);
    List<String> outcomes =
        List.of(
            "Opened",
            "EndpointCannotDecrypt",
            "EndpointRejectedSignature",
            "EndpointBadResponse",
            "EndpointUnreachable");
    String shop = "name=\"shop\",namespace=\"whatsapp\"";

    endpoint.endpointProbed(
        "whatsapp", "shop", "EndpointCannotDecrypt", outcomes, Duration.ofMillis(30));
    endpoint.endpointReady("whatsapp", "shop", false);

    assertThat(prometheus.scrape())
        .contains("flows_endpoint_ready{" + shop + "} 0.0")
        .contains("flows_endpoint_last_probe{" + shop + ",outcome=\"EndpointCannotDecrypt\"} 1.0")
        .contains("flows_endpoint_last_probe{" + shop + ",outcome=\"Opened\"} 0.0")
        .contains("flows_endpoint_last_probe{" + shop + ",outcome=\"EndpointUnreachable\"} 0.0")
        .contains("flows_endpoint_probes_total{outcome=\"EndpointCannotDecrypt\"} 1.0")
        .contains("flows_endpoint_probe_duration_seconds_bucket{le=")
        .contains("flows_endpoint_probe_duration_seconds_count 1");

    endpoint.endpointProbed("whatsapp", "shop", "Opened", outcomes, Duration.ofMillis(20));
    endpoint.endpointReady("whatsapp", "shop", true);

    assertThat(prometheus.scrape())
        .contains("flows_endpoint_ready{" + shop + "} 1.0")
        .contains("flows_endpoint_last_probe{" + shop + ",outcome=\"Opened\"} 1.0")
        .contains("flows_endpoint_last_probe{" + shop + ",outcome=\"EndpointCannotDecrypt\"} 0.0")
        .contains("flows_endpoint_probes_total{outcome=\"Opened\"} 1.0")
        .contains("flows_endpoint_probe_duration_seconds_count 2");

    // A resource that no longer names an endpoint keeps no series of its own.
    endpoint.forgetEndpoint("whatsapp", "shop");

    assertThat(prometheus.scrape())
        .doesNotContain("flows_endpoint_ready{")
        .doesNotContain("flows_endpoint_last_probe{");
  }

  private Set<String> numbersWithSeries(String name) {
    return Set.copyOf(
        Scraped.of(registry).series(name).stream()
            .map(l -> l.get("namespace") + "/" + l.get("name") + "/" + l.get("phone_number_id"))
            .toList());
  }

  private double byStatus(String status) {
    return Scraped.of(registry)
        .gauge("flows_phone_numbers", "signature_status", status)
        .orElseThrow();
  }
}
