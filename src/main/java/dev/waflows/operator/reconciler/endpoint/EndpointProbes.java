package dev.waflows.operator.reconciler.endpoint;

import dev.waflows.operator.endpoint.ProbeResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per resource, the last probe of its endpoint and, while a key waits for the endpoint, when to
 * probe it next: every few seconds at first, backing off to 15 s, so that a key is registered
 * within seconds of the endpoint loading it without a probe storm against an endpoint that never
 * does. Memory only: after a restart a waiting key is probed again before anything is registered.
 */
public final class EndpointProbes {

  /** The first wait between probes of a key that the endpoint did not open. */
  public static final Duration FIRST_WAIT = Duration.ofSeconds(2);

  /** The longest wait between probes of a waiting key. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(15);

  /**
   * What the last probe found.
   *
   * @param fingerprint of the key it was sealed to
   */
  public record Last(String fingerprint, ProbeResult result, Instant at) {

    /** As the gate reads it. */
    public RegistrationGate.Probe asGateProbe() {
      return new RegistrationGate.Probe(fingerprint, result.outcome(), at);
    }
  }

  /** A key that waits for the endpoint: what to seal the next probe to, and when. */
  public record Waiting(String fingerprint, PublicKey key, int probes, Instant next) {}

  private record State(Optional<Last> last, Optional<Waiting> waiting) {}

  private final Map<ResourceID, State> states = new ConcurrentHashMap<>();

  /** The last probe of the resource's endpoint, of whatever key. */
  public Optional<Last> last(ResourceID resource) {
    return Optional.ofNullable(states.get(resource)).flatMap(State::last);
  }

  /** Records a probe. */
  public void recorded(ResourceID resource, String fingerprint, ProbeResult result, Instant at) {
    states.compute(
        resource,
        (id, s) ->
            new State(
                Optional.of(new Last(fingerprint, result, at)),
                s == null ? Optional.empty() : s.waiting()));
  }

  /**
   * A key waits for the endpoint: returns how long until it is probed again. Waiting for another
   * key than before starts the backoff afresh.
   */
  public Duration waiting(ResourceID resource, String fingerprint, PublicKey key, Instant now) {
    State s = states.getOrDefault(resource, new State(Optional.empty(), Optional.empty()));
    int probes =
        s.waiting().filter(w -> w.fingerprint().equals(fingerprint)).map(Waiting::probes).orElse(0)
            + 1;
    Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(probes - 1, 10));
    if (wait.compareTo(MAX_WAIT) > 0) {
      wait = MAX_WAIT;
    }
    states.put(
        resource,
        new State(s.last(), Optional.of(new Waiting(fingerprint, key, probes, now.plus(wait)))));
    return wait;
  }

  /** The key that waits for the endpoint, if one does. */
  public Optional<Waiting> waitingKey(ResourceID resource) {
    return Optional.ofNullable(states.get(resource)).flatMap(State::waiting);
  }

  /** Whether a key of the resource waits for the endpoint. */
  public boolean isWaiting(ResourceID resource) {
    return waitingKey(resource).isPresent();
  }

  /** When the waiting key is due to be probed again, if a key waits. */
  public Optional<Instant> nextWaitingProbe(ResourceID resource) {
    return waitingKey(resource).map(Waiting::next);
  }

  /** No key waits for the endpoint (any more). */
  public void settled(ResourceID resource) {
    states.computeIfPresent(resource, (id, s) -> new State(s.last(), Optional.empty()));
  }

  /** Forgets a resource that is gone, paused, or no longer names an endpoint. */
  public void forget(ResourceID resource) {
    states.remove(resource);
  }
}
