package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
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
            annotation(updated, Annotations.PAUSED), annotation(old, Annotations.PAUSED))
        || !Objects.equals(
            annotation(updated, Annotations.RECONCILE_REQUESTED_AT),
            annotation(old, Annotations.RECONCILE_REQUESTED_AT));
  }

  private static String annotation(FlowsEncryptionKey r, String name) {
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(name);
  }
}
