package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Lets an update through when the spec or one of the operator's annotations changed. The operator's
 * own status writes are dropped here, so they never cause another pass.
 */
public class SpecOrAnnotationsChanged implements OnUpdateFilter<FlowsEncryptionKey> {

  @Override
  public boolean accept(FlowsEncryptionKey updated, FlowsEncryptionKey old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(
            Annotations.get(updated, Annotations.PAUSED), Annotations.get(old, Annotations.PAUSED))
        || !Objects.equals(
            Annotations.get(updated, Annotations.RECONCILE_REQUESTED_AT),
            Annotations.get(old, Annotations.RECONCILE_REQUESTED_AT))
        || !Objects.equals(
            Annotations.get(updated, Annotations.ROTATE_REQUESTED_AT),
            Annotations.get(old, Annotations.ROTATE_REQUESTED_AT));
  }
}
