package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.PhoneNumberStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The informers' store of FlowsEncryptionKeys, which keeps each one compact, since it holds every
 * resource for the operator's life (docs/benchmarks.md, Scale: 10,000 resources):
 *
 * <ul>
 *   <li>without {@code metadata.managedFields}: nothing here reads them (status is written with a
 *       JSON merge patch, not server-side apply), yet parsed into nested maps they were about half
 *       of a cached resource, some 9 KiB;
 *   <li>with the strings that repeat from resource to resource (namespace, the shared token
 *       Secret's name, condition types, reasons, messages, times to the second) shared instead of
 *       parsed afresh for each. Strings cannot change, so sharing them changes no value.
 * </ul>
 */
public class CompactResourceStore extends BasicItemStore<FlowsEncryptionKey> {

  public CompactResourceStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public FlowsEncryptionKey put(String key, FlowsEncryptionKey resource) {
    // The informer hands this same object to the event handlers after storing it: compact there
    // too, which is as intended (equal strings stay equal; no handler reads managedFields).
    compact(resource);
    return super.put(key, resource);
  }

  static void compact(FlowsEncryptionKey resource) {
    ObjectMeta m = resource.getMetadata();
    if (m != null) {
      m.setManagedFields(null);
      m.setNamespace(shared(m.getNamespace()));
      m.setCreationTimestamp(shared(m.getCreationTimestamp()));
    }
    FlowsEncryptionKeySpec spec = resource.getSpec();
    if (spec != null) {
      spec.setVerifyInterval(shared(spec.getVerifyInterval()));
      if (spec.getAccessTokenSecretRef() != null) {
        spec.getAccessTokenSecretRef().setName(shared(spec.getAccessTokenSecretRef().getName()));
        spec.getAccessTokenSecretRef().setKey(shared(spec.getAccessTokenSecretRef().getKey()));
      }
    }
    FlowsEncryptionKeyStatus s = resource.getStatus();
    if (s == null) {
      return;
    }
    s.setGenerationObservedTime(shared(s.getGenerationObservedTime()));
    s.setSummary(shared(s.getSummary()));
    s.setLastRotationTime(shared(s.getLastRotationTime()));
    s.setNextRotationTime(shared(s.getNextRotationTime()));
    s.setLastHandledRotateAt(shared(s.getLastHandledRotateAt()));
    s.setLastHandledReconcileAt(shared(s.getLastHandledReconcileAt()));
    s.setPreviousKeyExpiresTime(shared(s.getPreviousKeyExpiresTime()));
    if (s.getConditions() != null) {
      for (Condition c : s.getConditions()) {
        // Another tenant's resource may hold anything its schema lets through: never throw here,
        // or the informer stops for everyone.
        if (c == null) {
          continue;
        }
        c.setType(shared(c.getType()));
        c.setStatus(shared(c.getStatus()));
        c.setReason(shared(c.getReason()));
        c.setMessage(shared(c.getMessage()));
        c.setLastTransitionTime(shared(c.getLastTransitionTime()));
      }
    }
    if (s.getPhoneNumbers() != null) {
      for (PhoneNumberStatus p : s.getPhoneNumbers()) {
        if (p == null) {
          continue;
        }
        p.setSignatureStatus(shared(p.getSignatureStatus()));
        p.setReason(shared(p.getReason()));
        p.setMessage(shared(p.getMessage()));
        p.setLastTransitionTime(shared(p.getLastTransitionTime()));
        p.setLastRegisteredTime(shared(p.getLastRegisteredTime()));
        p.setLastReplacedTime(shared(p.getLastReplacedTime()));
      }
    }
  }

  /** One instance per distinct value; the JVM drops it once no resource uses it. */
  private static String shared(String value) {
    return value == null ? null : value.intern();
  }
}
