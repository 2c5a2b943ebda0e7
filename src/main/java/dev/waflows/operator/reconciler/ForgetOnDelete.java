package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells the reconciler's in-memory bookkeeping (schedule, key cache, metrics) that a resource is
 * gone. The operator sets no finalizer (nothing is deregistered on delete), so the reconciler is
 * not called; JOSDK tells every event source of the controller instead.
 */
class ForgetOnDelete extends AbstractEventSource<FlowsEncryptionKey, FlowsEncryptionKey>
    implements ResourceEventAware<FlowsEncryptionKey> {

  private final Consumer<ResourceID> forget;

  ForgetOnDelete(Consumer<ResourceID> forget) {
    super(FlowsEncryptionKey.class, "forget-on-delete");
    this.forget = forget;
  }

  @Override
  public void onResourceDeleted(FlowsEncryptionKey resource) {
    forget.accept(ResourceID.fromResource(resource));
  }

  @Override
  public Set<FlowsEncryptionKey> getSecondaryResources(FlowsEncryptionKey primary) {
    return Set.of();
  }
}
