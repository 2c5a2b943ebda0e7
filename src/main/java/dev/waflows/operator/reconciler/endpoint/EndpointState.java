package dev.waflows.operator.reconciler.endpoint;

import dev.waflows.operator.api.Reasons;
import java.util.Optional;

/**
 * What the status says about a resource's endpoint in one pass: the EndpointReady condition, and
 * whether a key waits for the endpoint.
 *
 * @param reason the EndpointReady reason (Opened, EndpointCannotDecrypt, ...), Pending when not
 *     probed yet
 * @param waiting a key waits to be registered until the endpoint opens it; the failed probe is then
 *     of that new key, so it neither stalls the resource nor makes Ready False (Ready stays as it
 *     was)
 */
public record EndpointState(boolean opened, String reason, String message, boolean waiting) {

  /** Not probed in this pass (no usable key or token): the condition says so. */
  public static EndpointState notProbed(String why) {
    return new EndpointState(false, Reasons.PENDING, why, false);
  }

  /**
   * Why Ready is False because of the endpoint, if it is: a failed probe of the key Graph holds.
   * Not while a new key waits for it, nor before any probe.
   */
  public Optional<String> blocksReady() {
    return opened || waiting || Reasons.PENDING.equals(reason)
        ? Optional.empty()
        : Optional.of(reason);
  }

  /** For Reconciling=True reason WaitingForEndpoint, when a key waits. */
  public Optional<String> waitingMessage() {
    return waiting
        ? Optional.of(
            "a key waits to be registered until the endpoint opens a probe sealed to it; last"
                + " probe: "
                + message)
        : Optional.empty();
  }
}
