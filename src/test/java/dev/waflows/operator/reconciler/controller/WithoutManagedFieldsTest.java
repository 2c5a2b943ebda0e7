package dev.waflows.operator.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {

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
    WithoutManagedFields store = new WithoutManagedFields();

    store.put(store.getKey(r), r);

    FlowsEncryptionKey cached = store.get("tenant-a/shop");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getAnnotations())
        .containsEntry("waflows.dev/rotate-requested-at", "2026-12-05");
  }

  @Test
  void theReconcilersInformerUsesIt() {
    ControllerConfiguration c =
        FlowsEncryptionKeyReconciler.class.getAnnotation(ControllerConfiguration.class);
    assertThat(c.informer().itemStore()).isEqualTo(WithoutManagedFields.class);
  }
}
