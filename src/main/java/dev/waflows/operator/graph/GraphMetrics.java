package dev.waflows.operator.graph;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for requests actually sent to Graph (calls the budget refused or that failed
 * validation are not requests): {@code flows.graph.requests} by method and outcome (Prometheus:
 * {@code flows_graph_requests_total}) and {@code flows.graph.request.duration} by method.
 */
final class GraphMetrics {

  static final String REQUESTS = "flows.graph.requests";
  static final String DURATION = "flows.graph.request.duration";
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
        .register(registry)
        .record(durationNanos, TimeUnit.NANOSECONDS);
  }
}
