package dev.waflows.operator.health;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-written FlowsEncryptionKeys in the states the operator reports, as typed objects. */
final class FekFixture {

  private final FlowsEncryptionKey resource = new FlowsEncryptionKey();
  private final List<Condition> conditions = new ArrayList<>();
  private boolean withStatus;

  private FekFixture(long generation) {
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName("shop")
            .withNamespace("whatsapp")
            .withGeneration(generation)
            .build());
  }

  /** A resource at this generation, without a status (the operator has not seen it yet). */
  static FekFixture generation(long generation) {
    return new FekFixture(generation);
  }

  FekFixture observed(long observedGeneration) {
    withStatus = true;
    status().setObservedGeneration(observedGeneration);
    return this;
  }

  FekFixture annotation(String key, String value) {
    resource.getMetadata().setAnnotations(Map.of(key, value));
    return this;
  }

  FekFixture deleting() {
    resource.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    return this;
  }

  /** Adds a condition (in list order) observed at the status' generation. */
  FekFixture condition(String type, String status, String reason, String message) {
    withStatus = true;
    conditions.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(status().getObservedGeneration())
            .withLastTransitionTime("2026-01-01T00:00:00Z")
            .build());
    return this;
  }

  FlowsEncryptionKey build() {
    if (withStatus) {
      status().setConditions(new ArrayList<>(conditions));
    } else {
      resource.setStatus(null);
    }
    return resource;
  }

  private FlowsEncryptionKeyStatus status() {
    if (resource.getStatus() == null) {
      resource.setStatus(new FlowsEncryptionKeyStatus());
    }
    return resource.getStatus();
  }
}
