package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Tells the reconciler's in-memory bookkeeping (schedule, key cache, metrics) that a resource is
 * gone. The operator sets no finalizer (nothing is deregistered on delete), so the reconciler is
 * not called; JOSDK tells every event source of the controller instead.
 */
class ForgetOnDelete extends AbstractEventSource<FlowsEncryptionKey, FlowsEncryptionKey>
    implements ResourceEventAware<FlowsEncryptionKey> {

  private final Consumer<ResourceID> forget;
  private final Function<FlowsEncryptionKey, Set<ResourceID>> sharingANumber;

  ForgetOnDelete(
      Consumer<ResourceID> forget, Function<FlowsEncryptionKey, Set<ResourceID>> sharingANumber) {
    super(FlowsEncryptionKey.class, "forget-on-delete");
    this.forget = forget;
    this.sharingANumber = sharingANumber;
  }

  @Override
  public void onResourceDeleted(FlowsEncryptionKey resource) {
    forget.accept(ResourceID.fromResource(resource));
    sharingANumber.apply(resource).forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  @Override
  public Set<FlowsEncryptionKey> getSecondaryResources(FlowsEncryptionKey primary) {
    return Set.of();
  }
}
