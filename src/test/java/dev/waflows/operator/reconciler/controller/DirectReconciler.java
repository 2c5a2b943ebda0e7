package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.PrimaryCacheStub;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;

/** A reconciler for tests that call it directly, as JOSDK does, without an operator around it. */
final class DirectReconciler {

  private DirectReconciler() {}

  /** A reconciler as a freshly started operator has it: nothing in memory yet. */
  static FlowsEncryptionKeyReconciler fresh(
      KubernetesClient client,
      WhatsAppEncryptionApi graph,
      TimeSource time,
      PrimaryCacheStub primaries) {
    return fresh(client, graph, time, primaries, new SimpleMeterRegistry());
  }

  /** The same, recording its metrics into {@code registry}. */
  static FlowsEncryptionKeyReconciler fresh(
      KubernetesClient client,
      WhatsAppEncryptionApi graph,
      TimeSource time,
      PrimaryCacheStub primaries,
      MeterRegistry registry) {
    FlowsEncryptionKeyReconciler r =
        new FlowsEncryptionKeyReconciler(
            new ReconcilerContext(
                client,
                Set.of(),
                graph,
                new RsaKeyGenerator(),
                new FlowsMetrics(registry),
                GraphEndpoint.DEFAULT,
                time));
    // Sets up the claim lookup on the primary cache's index, as JOSDK does at start-up.
    r.prepareEventSources(
        new EventSourceContext<>(primaries, null, client, FlowsEncryptionKey.class));
    return r;
  }
}
