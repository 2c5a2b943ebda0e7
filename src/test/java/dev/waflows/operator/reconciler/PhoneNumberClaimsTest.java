package dev.waflows.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneNumberClaimsTest {

  private static FlowsEncryptionKey fek(String ns, String name, String created) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    return r;
  }

  @Test
  void theOlderResourceKeepsTheNumber() {
    FlowsEncryptionKey older = fek("b", "shop", "2026-01-01T00:00:00Z");
    FlowsEncryptionKey newer = fek("a", "shop", "2026-02-01T00:00:00Z");
    assertThat(PhoneNumberClaims.ownerOtherThan(newer, List.of(older, newer))).contains(older);
    assertThat(PhoneNumberClaims.ownerOtherThan(older, List.of(older, newer))).isEmpty();
  }

  @Test
  void sameAgeIsDecidedByNamespaceThenName() {
    FlowsEncryptionKey a = fek("a", "z", "2026-01-01T00:00:00Z");
    FlowsEncryptionKey b = fek("b", "a", "2026-01-01T00:00:00Z");
    assertThat(PhoneNumberClaims.ownerOtherThan(b, List.of(a, b))).contains(a);
    assertThat(PhoneNumberClaims.ownerOtherThan(a, List.of(a, b))).isEmpty();
  }

  @Test
  void aResourceBeingDeletedGivesTheNumberUp() {
    FlowsEncryptionKey older = fek("a", "old", "2026-01-01T00:00:00Z");
    older.getMetadata().setDeletionTimestamp("2026-03-01T00:00:00Z");
    FlowsEncryptionKey newer = fek("a", "new", "2026-02-01T00:00:00Z");
    assertThat(PhoneNumberClaims.ownerOtherThan(newer, List.of(older, newer))).isEmpty();
  }
}
