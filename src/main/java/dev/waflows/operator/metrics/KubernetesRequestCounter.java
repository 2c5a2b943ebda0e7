package dev.waflows.operator.metrics;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every request the operator's Kubernetes client sends (retries included) as {@code
 * flows_kubernetes_requests_total{verb,resource}}, so that what the operator costs the API server
 * can be read off its own metrics. Installed on the client's HTTP layer; it sees the method and the
 * URL, never a body or a header.
 */
public final class KubernetesRequestCounter implements Interceptor {

  /** The name under which the client's HTTP builder holds it. */
  public static final String NAME = "flows-request-counter";

  private final MeterRegistry registry;
  private final Map<KubernetesRequest, Counter> counters = new ConcurrentHashMap<>();

  public KubernetesRequestCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    KubernetesRequest kind = KubernetesRequest.of(request.method(), request.uri());
    counters
        .computeIfAbsent(
            kind,
            k ->
                Counter.builder("flows.kubernetes.requests")
                    .description("Requests sent to the Kubernetes API, by verb and resource")
                    .tag("verb", k.verb())
                    .tag("resource", k.resource())
                    .register(registry))
        .increment();
  }
}
