package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.PrimaryCacheStub;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Optional;
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
    return fresh(client, graph, time, primaries, registry, new RsaKeyGenerator(), null);
  }

  /**
   * The same with its own key generator; {@code events}, when not null, hears the events the
   * reconciler's event sources raise, as JOSDK's handler does in an operator.
   */
  static FlowsEncryptionKeyReconciler fresh(
      KubernetesClient client,
      WhatsAppEncryptionApi graph,
      TimeSource time,
      PrimaryCacheStub primaries,
      MeterRegistry registry,
      RsaKeyGenerator generator,
      EventHandler events) {
    FlowsEncryptionKeyReconciler r =
        new FlowsEncryptionKeyReconciler(
            new ReconcilerContext(
                client,
                Set.of(),
                graph,
                generator,
                new FlowsMetrics(registry),
                GraphEndpoint.DEFAULT,
                time,
                Optional.empty(),
                AllowedBaseUrls.parse("", GraphEndpoint.DEFAULT.baseUrl()),
                EndpointUrls.namespaceServicesOnly(),
                new EndpointProber()));
    // Sets up the claim lookup on the primary cache's index, as JOSDK does at start-up.
    var sources =
        r.prepareEventSources(
            new EventSourceContext<>(primaries, null, client, FlowsEncryptionKey.class));
    if (events != null) {
      sources.forEach(source -> source.setEventHandler(events));
    }
    return r;
  }

  /**
   * The Context JOSDK hands a pass, as far as the reconciler reads it: the primary cache. Any other
   * call fails the test.
   */
  @SuppressWarnings("unchecked")
  static Context<FlowsEncryptionKey> context(PrimaryCacheStub primaries) {
    return (Context<FlowsEncryptionKey>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getPrimaryCache")) {
                return primaries;
              }
              throw new UnsupportedOperationException("Context." + method.getName());
            });
  }

  /** The status patch JOSDK makes after a pass, if the pass asked for one. */
  static void writeStatus(KubernetesClient client, UpdateControl<FlowsEncryptionKey> control) {
    if (control.isPatchStatus()) {
      FlowsEncryptionKey patched = control.getResource().orElseThrow();
      client
          .resources(FlowsEncryptionKey.class)
          .inNamespace(patched.getMetadata().getNamespace())
          .withName(patched.getMetadata().getName())
          .editStatus(
              stored -> {
                stored.setStatus(patched.getStatus());
                return stored;
              });
    }
  }

  /** Sets waflows.dev/rotate-requested-at on a resource, as a person would. */
  static void requestRotation(KubernetesClient client, String ns, String name, String value) {
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            x -> {
              if (x.getMetadata().getAnnotations() == null) {
                x.getMetadata().setAnnotations(new HashMap<>());
              }
              x.getMetadata().getAnnotations().put(Annotations.ROTATE_REQUESTED_AT, value);
              return x;
            });
  }
}
