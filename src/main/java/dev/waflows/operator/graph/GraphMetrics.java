package dev.waflows.operator.graph;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for requests actually sent to Graph (calls the budget refused or that failed
 * validation are not requests): {@code flows.graph.requests} by method and outcome (Prometheus:
 * {@code flows_graph_requests_total}), {@code flows.graph.request.duration} by method, and {@code
 * flows.graph.version.upgraded} by requested and served version (Prometheus: {@code
 * flows_graph_version_upgraded_total}) for each answer served by another version than the one asked
 * for.
 */
final class GraphMetrics {

  static final String REQUESTS = "flows.graph.requests";
  static final String DURATION = "flows.graph.request.duration";
  static final String VERSION_UPGRADED = "flows.graph.version.upgraded";
  static final String SUCCESS = "success";

  private final MeterRegistry registry;

  GraphMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param outcome {@link #SUCCESS} or a {@link GraphErrorReason} name
   */
  void record(String method, String outcome, long durationNanos) {
    Counter.builder(REQUESTS)
        .description("Graph API requests sent, by HTTP method and outcome")
        .tag("method", method)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder(DURATION)
        .description("Graph API request latency, one sample per HTTP request")
        .tag("method", method)
        // Buckets (flows_graph_request_duration_seconds_bucket), so that a p99 over the fleet
        // can be computed; 10 ms to the 30 s call timeout keeps the bucket count small.
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(durationNanos, TimeUnit.NANOSECONDS);
  }

  /** Graph served a call with {@code served} although {@code requested} was asked for. */
  void versionUpgraded(String requested, String served) {
    Counter.builder(VERSION_UPGRADED)
        .description(
            "Graph API answers served by another version than the one asked for (Meta retired it)")
        .tag("requested", requested)
        .tag("served", served)
        .register(registry)
        .increment();
  }
}
