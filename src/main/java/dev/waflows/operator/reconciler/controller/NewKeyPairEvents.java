package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Runs a resource's pass when the new key pair its rotation waited for is made (see {@code
 * KeyGenerationQueue}), instead of at its next check.
 */
class NewKeyPairEvents extends AbstractEventSource<FlowsEncryptionKey, FlowsEncryptionKey> {

  NewKeyPairEvents() {
    super(FlowsEncryptionKey.class, "new-key-pairs");
  }

  void made(ResourceID id) {
    EventHandler handler = getEventHandler();
    // Before the controller starts (or in a test without one) the next pass takes the pair.
    if (handler != null) {
      handler.handleEvent(new Event(id));
    }
  }

  @Override
  public Set<FlowsEncryptionKey> getSecondaryResources(FlowsEncryptionKey primary) {
    return Set.of();
  }
}
