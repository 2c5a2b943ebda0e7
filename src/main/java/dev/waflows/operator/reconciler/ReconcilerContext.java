package dev.waflows.operator.reconciler;

import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.metrics.FlowsMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/**
 * The reconciler's collaborators, handed in by whoever starts the operator (main or a test).
 *
 * @param namespaces the namespaces watched; empty means all
 * @param defaultEndpoint the Graph base URL and version used where a spec names none
 */
public record ReconcilerContext(
    KubernetesClient client,
    Set<String> namespaces,
    WhatsAppEncryptionApi graph,
    RsaKeyGenerator keyGenerator,
    FlowsMetrics metrics,
    GraphEndpoint defaultEndpoint,
    TimeSource time) {}
