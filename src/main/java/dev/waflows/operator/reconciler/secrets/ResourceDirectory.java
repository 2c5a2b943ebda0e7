package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Finds a FlowsEncryptionKey by uid in a namespace: whether the resource a key Secret was generated
 * for still exists, and its name.
 */
@FunctionalInterface
public interface ResourceDirectory {

  /** Knows no resource: every question goes to the API. */
  ResourceDirectory NOTHING_CACHED = (namespace, uid) -> Optional.empty();

  /** The name of the FlowsEncryptionKey with {@code uid} in {@code namespace}, if one exists. */
  Optional<String> nameOf(String namespace, String uid);

  /**
   * The informer's cache first (no API call in the common case, a Secret another resource holds);
   * the API when the cache does not know the uid, since a cache may lag behind a create.
   */
  static ResourceDirectory cachedThenLive(KubernetesClient client, ResourceDirectory cache) {
    return (namespace, uid) ->
        cache
            .nameOf(namespace, uid)
            .or(
                () ->
                    client
                        .resources(FlowsEncryptionKey.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .stream()
                        .filter(r -> uid.equals(r.getMetadata().getUid()))
                        .map(r -> r.getMetadata().getName())
                        .findFirst());
  }
}
