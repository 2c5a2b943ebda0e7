package dev.waflows.operator.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.PhoneNumberStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactResourceStoreTest {

  @Test
  void aCachedResourceKeepsEverythingButItsManagedFields() {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("shop")
            .withNamespace("tenant-a")
            .withResourceVersion("42")
            .withAnnotations(Map.of("waflows.dev/rotate-requested-at", "2026-12-05"))
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("flows-key-operator")
                    .withOperation("Update")
                    .build())
            .build());
    CompactResourceStore store = new CompactResourceStore();

    store.put(store.getKey(r), r);

    FlowsEncryptionKey cached = store.get("tenant-a/shop");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getAnnotations())
        .containsEntry("waflows.dev/rotate-requested-at", "2026-12-05");
  }

  @Test
  void resourcesParsedApartShareTheirRepeatedStringsAndKeepEveryValue() {
    FlowsEncryptionKey a = parsed("shop-a", "701000170");
    FlowsEncryptionKey b = parsed("shop-b", "701000171");
    CompactResourceStore store = new CompactResourceStore();

    store.put(store.getKey(a), a);
    store.put(store.getKey(b), b);

    FlowsEncryptionKey cachedA = store.get("tenant-a/shop-a");
    FlowsEncryptionKey cachedB = store.get("tenant-a/shop-b");
    assertThat(cachedA)
        .usingRecursiveComparison()
        .ignoringFields("metadata.managedFields")
        .isEqualTo(parsed("shop-a", "701000170"));
    assertThat(cachedB)
        .usingRecursiveComparison()
        .ignoringFields("metadata.managedFields")
        .isEqualTo(parsed("shop-b", "701000171"));
    Condition readyA = cachedA.getStatus().getConditions().get(0);
    Condition readyB = cachedB.getStatus().getConditions().get(0);
    assertThat(readyA.getMessage()).isSameAs(readyB.getMessage());
    assertThat(readyA.getLastTransitionTime()).isSameAs(readyB.getLastTransitionTime());
    PhoneNumberStatus numberA = cachedA.getStatus().getPhoneNumbers().get(0);
    PhoneNumberStatus numberB = cachedB.getStatus().getPhoneNumbers().get(0);
    assertThat(numberA.getMessage()).isSameAs(numberB.getMessage());
    assertThat(cachedA.getMetadata().getNamespace()).isSameAs(cachedB.getMetadata().getNamespace());
    assertThat(cachedA.getSpec().getAccessTokenSecretRef().getName())
        .isSameAs(cachedB.getSpec().getAccessTokenSecretRef().getName());
    assertThat(numberA.getId()).as("what differs stays its own").isEqualTo("701000170");
  }

  @Test
  void aResourceWithEmptyEntriesIsStoredAsItCame() {
    FlowsEncryptionKey r =
        Serialization.unmarshal(
            """
            {"apiVersion": "waflows.dev/v1alpha1", "kind": "FlowsEncryptionKey",
             "metadata": {"name": "odd", "namespace": "tenant-b"},
             "spec": {"accessTokenSecretRef": {}},
             "status": {"conditions": [null, {"type": "Ready"}], "phoneNumbers": [null]}}
            """,
            FlowsEncryptionKey.class);
    CompactResourceStore store = new CompactResourceStore();

    store.put(store.getKey(r), r);

    FlowsEncryptionKey cached = store.get("tenant-b/odd");
    assertThat(cached.getStatus().getConditions()).hasSize(2).containsNull();
    assertThat(cached.getStatus().getConditions().get(1).getType()).isEqualTo("Ready");
    assertThat(cached.getStatus().getPhoneNumbers()).containsExactly((PhoneNumberStatus) null);
  }

  /** A resource as the informer parses it from the API server's answer. */
  private static FlowsEncryptionKey parsed(String name, String number) {
    return Serialization.unmarshal(
        """
        {"apiVersion": "waflows.dev/v1alpha1", "kind": "FlowsEncryptionKey",
         "metadata": {"name": "%s", "namespace": "tenant-a", "resourceVersion": "7",
                      "creationTimestamp": "2026-12-05T19:45:18Z"},
         "spec": {"accessTokenSecretRef": {"name": "whatsapp-system-user"},
                  "keySecretRef": {"name": "%s-key"}, "phoneNumberIds": ["%s"]},
         "status": {
           "conditions": [{"type": "Ready", "status": "True", "reason": "Ready",
                           "message": "the key is ready and every phone number is VALID with it",
                           "lastTransitionTime": "2026-12-05T19:45:18Z", "observedGeneration": 1}],
           "phoneNumbers": [{"id": "%s", "signatureStatus": "VALID", "keyMatches": true,
                             "reason": "Registered",
                             "message": "our key is registered and its signature is VALID",
                             "lastTransitionTime": "2026-12-05T19:45:18Z"}],
           "summary": "1/1"}}
        """
            .formatted(name, name, number, number),
        FlowsEncryptionKey.class);
  }

  @Test
  void theReconcilersInformerUsesIt() {
    ControllerConfiguration c =
        FlowsEncryptionKeyReconciler.class.getAnnotation(ControllerConfiguration.class);
    assertThat(c.informer().itemStore()).isEqualTo(CompactResourceStore.class);
    assertThat(c.informer().informerListLimit()).isEqualTo(500);
  }
}
