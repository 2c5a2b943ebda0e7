package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.watch.MetadataWatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Triggers a reconcile when a Secret that a resource names changes, so a fixed token or key takes
 * effect at once. It watches Secrets for metadata only ({@link MetadataWatch}): the API server
 * never sends the data of a Secret to this watch, and only names pass through a lookup in the
 * primary cache's index, so the thousands of Secrets a cluster holds cost neither memory nor
 * exposure. The Secrets a resource uses are read one by one, by name, when it is reconciled.
 */
class ReferencedSecretEventSource extends AbstractEventSource<Secret, FlowsEncryptionKey> {

  /** Primary-cache index from "namespace/secretName" to the resources naming that Secret. */
  static final String INDEX = "referenced-secrets";

  /** How long start() waits for the watches to open; they keep trying after that (unhealthy). */
  private static final Duration START_WAIT = Duration.ofSeconds(30);

  private final IndexedResourceCache<FlowsEncryptionKey> primaries;
  private final List<MetadataWatch> watches = new ArrayList<>();

  /**
   * @param namespaces the namespaces to watch; empty means all
   */
  ReferencedSecretEventSource(
      KubernetesClient client,
      Set<String> namespaces,
      IndexedResourceCache<FlowsEncryptionKey> primaries) {
    this(client, namespaces, primaries, MetadataWatch.Timing.DEFAULT);
  }

  ReferencedSecretEventSource(
      KubernetesClient client,
      Set<String> namespaces,
      IndexedResourceCache<FlowsEncryptionKey> primaries,
      MetadataWatch.Timing timing) {
    super(Secret.class, "referenced-secrets");
    this.primaries = primaries;
    if (namespaces.isEmpty()) {
      watches.add(MetadataWatch.secrets(client, null, new Trigger(null), timing));
    } else {
      namespaces.forEach(
          ns -> watches.add(MetadataWatch.secrets(client, ns, new Trigger(ns), timing)));
    }
  }

  /** Index keys for {@link #INDEX}: every Secret the spec names. */
  static List<String> referencedSecrets(FlowsEncryptionKey resource) {
    List<String> keys = new ArrayList<>();
    FlowsEncryptionKeySpec spec = resource.getSpec();
    String ns = resource.getMetadata().getNamespace();
    if (spec == null) {
      return keys;
    }
    if (spec.getKeySecretRef() != null) {
      keys.add(ns + "/" + spec.getKeySecretRef().getName());
    }
    if (spec.getAccessTokenSecretRef() != null) {
      keys.add(ns + "/" + spec.getAccessTokenSecretRef().getName());
    }
    if (spec.getPassphraseSecretRef() != null) {
      keys.add(ns + "/" + spec.getPassphraseSecretRef().getName());
    }
    if (spec.getEndpoint() != null && spec.getEndpoint().getAppSecretRef() != null) {
      keys.add(ns + "/" + spec.getEndpoint().getAppSecretRef().getName());
    }
    return keys;
  }

  @Override
  public void start() {
    watches.forEach(MetadataWatch::start);
    Instant deadline = Instant.now().plus(START_WAIT);
    watches.forEach(w -> w.awaitOpen(Duration.between(Instant.now(), deadline)));
    super.start();
  }

  @Override
  public void stop() {
    watches.forEach(MetadataWatch::close);
    super.stop();
  }

  @Override
  public Set<Secret> getSecondaryResources(FlowsEncryptionKey primary) {
    return Set.of();
  }

  @Override
  public Status getStatus() {
    return watches.stream().allMatch(MetadataWatch::isHealthy) ? Status.HEALTHY : Status.UNHEALTHY;
  }

  /** Turns Secret names into reconcile requests for the resources that name them. */
  private final class Trigger implements MetadataWatch.Listener {
    private final String namespace;

    /**
     * @param namespace the namespace its watch covers; null for all
     */
    Trigger(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public void changed(String secretNamespace, String secretName) {
      for (FlowsEncryptionKey primary :
          primaries.byIndex(INDEX, secretNamespace + "/" + secretName)) {
        getEventHandler().handleEvent(new Event(ResourceID.fromResource(primary)));
      }
    }

    /** After a gap in the watch, any Secret may have changed: every resource it covers looks. */
    @Override
    public void mayHaveMissedChanges() {
      primaries
          .list(r -> namespace == null || namespace.equals(r.getMetadata().getNamespace()))
          .forEach(r -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(r))));
    }
  }
}
