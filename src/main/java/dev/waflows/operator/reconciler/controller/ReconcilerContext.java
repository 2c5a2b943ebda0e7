package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's collaborators, handed in by whoever starts the operator (main or a test).
 *
 * @param namespaces the namespaces watched; empty means all
 * @param defaultEndpoint the Graph base URL and version used where a spec names none
 * @param labelSelector when set, this operator reconciles only the resources it selects (one shard
 *     of the fleet); phone number claims are still decided over every resource
 * @param allowedBaseUrls the Graph base URLs a resource may name; a token is sent nowhere else
 * @param endpointUrls the endpoint URLs a resource may have probed
 * @param endpointProber probes spec.endpoint
 */
public record ReconcilerContext(
    KubernetesClient client,
    Set<String> namespaces,
    WhatsAppEncryptionApi graph,
    RsaKeyGenerator keyGenerator,
    FlowsMetrics metrics,
    GraphEndpoint defaultEndpoint,
    TimeSource time,
    Optional<String> labelSelector,
    AllowedBaseUrls allowedBaseUrls,
    EndpointUrls endpointUrls,
    EndpointProber endpointProber) {}
