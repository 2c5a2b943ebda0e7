package dev.waflows.operator.ops;

import dev.waflows.operator.access.KubernetesAccessReviewer;
import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.management.AccessDecisions;
import dev.waflows.operator.management.SecureMetricsServer;
import dev.waflows.operator.management.ServingCertificate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The operator's HTTPS {@code /metrics}: certificate, access reviews by the API server. */
final class MetricsServing {

  private MetricsServing() {}

  /**
   * Starts the secure metrics server on {@code config.metricsPort()}.
   *
   * @throws IOException if the port cannot be bound or the mounted certificate cannot be read
   */
  static SecureMetricsServer start(
      OperatorConfig config, KubernetesClient client, PrometheusMeterRegistry registry)
      throws IOException {
    AccessDecisions decisions =
        new AccessDecisions(
            new KubernetesAccessReviewer(client, "/metrics"), AccessDecisions.Settings.defaults());
    return config.metricsCertDir().isEmpty()
        ? SecureMetricsServer.start(
            config.metricsPort(),
            ServingCertificate.selfSigned("flows-key-operator", hostNames()),
            decisions,
            registry)
        : SecureMetricsServer.startWatching(
            config.metricsPort(), Path.of(config.metricsCertDir()), decisions, registry);
  }

  /** The pod's name (HOSTNAME) and localhost; Prometheus scrapes by IP and verifies no name. */
  private static List<String> hostNames() {
    List<String> names = new ArrayList<>(List.of("localhost"));
    Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).ifPresent(names::add);
    return names;
  }
}
