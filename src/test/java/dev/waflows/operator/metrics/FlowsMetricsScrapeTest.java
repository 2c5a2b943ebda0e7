package dev.waflows.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.endpoint.ProbeOutcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a Prometheus scrape shows of the operator's own series, line by line, through a sequence of
 * state changes: names, labels, HELP and TYPE lines and values. The expected texts in
 * src/test/resources/metrics/ were scraped from the operator of f41df1f (one Micrometer gauge per
 * series), so any change in how the series are kept must show the same text.
 */
class FlowsMetricsScrapeTest {

  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
  private static final List<String> OUTCOMES =
      Arrays.stream(ProbeOutcome.values()).map(ProbeOutcome::reason).toList();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FlowsMetrics metrics = new FlowsMetrics(registry);

  @Test
  void theScrapeShowsEachResourceAndNumberAsItChangesAndNothingOnceForgotten() throws IOException {
    // Two resources; one number id under both; a number known from status only (no check yet).
    metrics.numberChecked("shop", "flows", "111", "VALID", true, INTERVAL, T0);
    metrics.numberChecked("shop", "flows", "222", "MISMATCH", false, INTERVAL, T0);
    metrics.numberKnown("shop", "flows", "333", null, false, INTERVAL);
    metrics.resourceState("shop", "flows", false, false);
    metrics.rotationInProgress("shop", "flows", T0.minusSeconds(30));
    metrics.endpointProbed("shop", "flows", "EndpointCannotDecrypt", OUTCOMES, ms(40));
    metrics.endpointReady("shop", "flows", false);
    metrics.numberChecked("bank", "pay", "111", "VALID", true, Duration.ofHours(1), T0);
    metrics.resourceState("bank", "pay", false, true);
    assertThat(flowsSeries()).isEqualTo(expected("1-two-resources.txt"));

    // The rotation settles, the endpoint opens, a number is fixed and the other one dropped.
    metrics.numberChecked("shop", "flows", "222", "VALID", true, INTERVAL, T0.plusSeconds(600));
    metrics.retainNumbers("shop", "flows", Set.of("111", "222"));
    metrics.rotationSettled("shop", "flows");
    metrics.endpointProbed("shop", "flows", "Opened", OUTCOMES, ms(25));
    metrics.endpointReady("shop", "flows", true);
    metrics.resourceState("shop", "flows", true, false);
    assertThat(flowsSeries()).isEqualTo(expected("2-settled.txt"));

    // The endpoint is taken out of the spec, then the resource is deleted.
    metrics.forgetEndpoint("shop", "flows");
    assertThat(flowsSeries()).isEqualTo(expected("3-endpoint-forgotten.txt"));
    metrics.forgetResource("shop", "flows");
    assertThat(flowsSeries()).isEqualTo(expected("4-one-resource-left.txt"));

    // The last one goes: no per-resource family is left, not even its HELP and TYPE lines.
    metrics.forgetResource("bank", "pay");
    assertThat(flowsSeries()).isEqualTo(expected("5-none-left.txt"));
  }

  /**
   * The scrape's lines for the operator's flows_ families. The probe latency histogram is left out:
   * its _max decays with the wall clock.
   */
  private String flowsSeries() {
    return registry
        .scrape()
        .lines()
        .filter(l -> l.replaceFirst("^# (HELP|TYPE) ", "").startsWith("flows_"))
        .filter(l -> !l.replaceFirst("^# (HELP|TYPE) ", "").startsWith("flows_endpoint_probe_dur"))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static String expected(String file) throws IOException {
    try (InputStream in = FlowsMetricsScrapeTest.class.getResourceAsStream("/metrics/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
