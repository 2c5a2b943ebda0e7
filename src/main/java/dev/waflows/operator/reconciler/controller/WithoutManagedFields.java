package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The informers' store of FlowsEncryptionKeys, which keeps each without {@code
 * metadata.managedFields}. Nothing here reads them (status is written with a JSON merge patch, not
 * server-side apply), yet parsed into nested maps they were about half of the memory a cached
 * resource took: some 9 KiB each, 90 MiB at 10,000 resources (docs/benchmarks.md, Scale).
 */
public class WithoutManagedFields extends BasicItemStore<FlowsEncryptionKey> {

  public WithoutManagedFields() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public FlowsEncryptionKey put(String key, FlowsEncryptionKey resource) {
    // The informer hands this same object to the event handlers after storing it: stripped there
    // too, which is as intended (no handler reads managedFields).
    if (resource.getMetadata() != null) {
      resource.getMetadata().setManagedFields(null);
    }
    return super.put(key, resource);
  }
}
