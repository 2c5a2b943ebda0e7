package dev.waflows.operator.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.PhoneNumberStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactResourceStoreTest {

  @Test
  void aCachedResourceKeepsEverythingButItsManagedFields() {
    FlowsEncryptionKey r = resource("shop", "2026-12-05T14:22:24Z");
    FlowsEncryptionKey asSent = Serialization.clone(r);
    asSent.getMetadata().setManagedFields(null);
    CompactResourceStore store = new CompactResourceStore();

    store.put(store.getKey(r), r);

    FlowsEncryptionKey cached = store.get("tenant-a/shop");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(Serialization.asJson(cached)).isEqualTo(Serialization.asJson(asSent));
  }

  @Test
  void equalStatusStringsOfTwoResourcesAreOneInstance() {
    CompactResourceStore store = new CompactResourceStore();
    FlowsEncryptionKey a = resource("a", "2026-12-05T14:22:24Z");
    FlowsEncryptionKey b = resource("b", "2026-12-05T14:22:24Z");

    store.put(store.getKey(a), a);
    store.put(store.getKey(b), b);

    var ca = store.get("tenant-a/a").getStatus();
    var cb = store.get("tenant-a/b").getStatus();
    assertThat(cb.getConditions().get(0).getMessage())
        .isSameAs(ca.getConditions().get(0).getMessage());
    assertThat(cb.getConditions().get(0).getLastTransitionTime())
        .isSameAs(ca.getConditions().get(0).getLastTransitionTime());
    assertThat(cb.getPhoneNumbers().get(0).getMessage())
        .isSameAs(ca.getPhoneNumbers().get(0).getMessage());
  }

  @Test
  void aResourceWithoutStatusOrMetadataIsStoredAsItIs() {
    FlowsEncryptionKey bare = new FlowsEncryptionKey();
    bare.setMetadata(new ObjectMetaBuilder().withName("new").withNamespace("tenant-a").build());
    bare.setStatus(null);
    CompactResourceStore store = new CompactResourceStore();

    store.put(store.getKey(bare), bare);

    assertThat(store.get("tenant-a/new").getStatus()).isNull();
  }

  @Test
  void theReconcilersInformerUsesIt() {
    ControllerConfiguration c =
        FlowsEncryptionKeyReconciler.class.getAnnotation(ControllerConfiguration.class);
    assertThat(c.informer().itemStore()).isEqualTo(CompactResourceStore.class);
  }

  /** Built afresh each time, as the informer parses each resource: no string shared yet. */
  private static FlowsEncryptionKey resource(String name, String time) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(new String("tenant-a"))
            .withResourceVersion("42")
            .withAnnotations(Map.of("waflows.dev/rotate-requested-at", "2026-12-05"))
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("flows-key-operator")
                    .withOperation("Update")
                    .build())
            .build());
    FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
    s.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(new String("Ready"))
                .withStatus(new String("True"))
                .withReason(new String("Ready"))
                .withMessage(new String("the key is ready and every phone number is VALID with it"))
                .withLastTransitionTime(new String(time))
                .build()));
    PhoneNumberStatus p = new PhoneNumberStatus();
    p.setId(name + "-1");
    p.setMessage(new String("our key is registered and its signature is VALID"));
    p.setLastTransitionTime(new String(time));
    s.setPhoneNumbers(List.of(p));
    r.setStatus(s);
    return r;
  }
}
