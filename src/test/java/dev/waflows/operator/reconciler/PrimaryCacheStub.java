package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The primary-resource cache JOSDK hands to {@code prepareEventSources}, reduced to a map: a test
 * puts in what the informer would hold, and the reconciler's indexes answer from it.
 */
public final class PrimaryCacheStub implements IndexerResourceCache<FlowsEncryptionKey> {

  private final Map<ResourceID, FlowsEncryptionKey> resources = new ConcurrentHashMap<>();
  private final Map<String, Function<FlowsEncryptionKey, List<String>>> indexers =
      new ConcurrentHashMap<>();

  public void put(FlowsEncryptionKey resource) {
    resources.put(ResourceID.fromResource(resource), resource);
  }

  /** A resource deleted without the operator seeing the delete. */
  public void remove(ResourceID id) {
    resources.remove(id);
  }

  @Override
  public void addIndexers(Map<String, Function<FlowsEncryptionKey, List<String>>> more) {
    indexers.putAll(more);
  }

  @Override
  public List<FlowsEncryptionKey> byIndex(String indexName, String key) {
    Function<FlowsEncryptionKey, List<String>> indexer =
        Objects.requireNonNull(indexers.get(indexName), "no index " + indexName);
    return resources.values().stream().filter(r -> indexer.apply(r).contains(key)).toList();
  }

  @Override
  public Optional<FlowsEncryptionKey> get(ResourceID id) {
    return Optional.ofNullable(resources.get(id));
  }

  @Override
  public Stream<ResourceID> keys() {
    return resources.keySet().stream();
  }

  @Override
  public Stream<FlowsEncryptionKey> list(Predicate<FlowsEncryptionKey> predicate) {
    return resources.values().stream().filter(predicate);
  }

  @Override
  public Stream<FlowsEncryptionKey> list(
      String namespace, Predicate<FlowsEncryptionKey> predicate) {
    return list(predicate).filter(r -> namespace.equals(r.getMetadata().getNamespace()));
  }
}
