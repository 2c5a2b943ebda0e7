package dev.waflows.operator.reconciler.endpoint;

import dev.waflows.operator.endpoint.AppSecret;
import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.endpoint.ProbeOutcome;
import dev.waflows.operator.endpoint.ProbeResult;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.metrics.FlowsMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes resources' endpoints and remembers what they answered: the current key once per pass
 * (beside the Graph check, so once per verifyInterval), and, while a key waits for the endpoint,
 * that key every few seconds between passes, without any Graph call.
 */
public final class EndpointProbing {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointProbing.class);
  private static final List<String> OUTCOMES =
      Arrays.stream(ProbeOutcome.values()).map(ProbeOutcome::reason).toList();

  private final EndpointProber prober;
  private final FlowsMetrics metrics;
  private final EndpointProbes probes = new EndpointProbes();

  public EndpointProbing(EndpointProber prober, FlowsMetrics metrics) {
    this.prober = prober;
    this.metrics = metrics;
  }

  /** Where to probe and how to sign. */
  public record Target(String url, Optional<AppSecret> appSecret) {}

  /** Probes the current key in a pass; what it found is what the gate reads. */
  public ProbeResult probe(ResourceID id, Target target, LoadedKey key, Instant now) {
    return probe(id, target, key.fingerprint(), key.publicKey(), now);
  }

  /** The last probe, as the gate reads it. */
  public Optional<RegistrationGate.Probe> last(ResourceID id) {
    return probes.last(id).map(EndpointProbes.Last::asGateProbe);
  }

  /**
   * Between passes: probes the key that waits for the endpoint when its time has come. True when
   * the endpoint opened it, so the pass must run now to register it.
   */
  public boolean waitingKeyOpened(ResourceID id, Target target, Instant now) {
    Optional<EndpointProbes.Waiting> waiting = probes.waitingKey(id);
    if (waiting.isEmpty() || now.isBefore(waiting.get().next())) {
      return false;
    }
    EndpointProbes.Waiting w = waiting.get();
    ProbeResult r = probe(id, target, w.fingerprint(), w.key(), now);
    if (r.opened()) {
      return true;
    }
    probes.waiting(id, w.fingerprint(), w.key(), now);
    return false;
  }

  /** How long until the waiting key's next probe, if a key waits. */
  public Optional<Duration> untilWaitingProbe(ResourceID id, Instant now) {
    return probes
        .nextWaitingProbe(id)
        .map(next -> next.isAfter(now) ? Duration.between(now, next) : Duration.ZERO);
  }

  /**
   * After a pass's round: whether the current key waits for the endpoint. Returns how long until it
   * is probed again when it does.
   */
  public Optional<Duration> afterRound(ResourceID id, LoadedKey key, boolean waiting, Instant now) {
    if (!waiting) {
      probes.settled(id);
      return Optional.empty();
    }
    return Optional.of(probes.waiting(id, key.fingerprint(), key.publicKey(), now));
  }

  /** What the status says, from the last probe of the current key. */
  public EndpointState state(ResourceID id, LoadedKey key, boolean waiting) {
    Optional<EndpointProbes.Last> last =
        probes.last(id).filter(l -> l.fingerprint().equals(key.fingerprint()));
    if (last.isEmpty()) {
      return EndpointState.notProbed("the endpoint was not probed with the current key yet");
    }
    ProbeResult r = last.get().result();
    return new EndpointState(r.opened(), r.outcome().reason(), r.message(), waiting && !r.opened());
  }

  /** Forgets a resource that is gone or paused, or that no longer names an endpoint. */
  public void forget(ResourceID id) {
    probes.forget(id);
    metrics.forgetEndpoint(id.getNamespace().orElse(""), id.getName());
  }

  private ProbeResult probe(
      ResourceID id, Target target, String fingerprint, PublicKey key, Instant now) {
    ProbeResult r = prober.probe(target.url(), key, target.appSecret());
    probes.recorded(id, fingerprint, r, now);
    String ns = id.getNamespace().orElse("");
    metrics.endpointProbed(ns, id.getName(), r.outcome().reason(), OUTCOMES, r.took());
    LOG.debug("probed the endpoint of {} with key {}: {}", id, fingerprint, r.outcome());
    return r;
  }
}
