package dev.waflows.operator.reconciler.endpoint;

import dev.waflows.operator.endpoint.AppSecret;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.reconciler.Problem;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One reconcile's view of {@code spec.endpoint}, so that the controller's sequence stays short:
 * whether an endpoint is set, probing it beside the Graph check, probing a waiting key between
 * checks, and what the status says afterwards. Without an endpoint every method is a no-op.
 */
public final class EndpointPass {

  private static final Duration AT_LEAST = Duration.ofSeconds(1);

  private final EndpointProbing probing;
  private final ResourceID id;
  private final Optional<EndpointProbing.Target> target;
  private final Optional<Problem> problem;
  private Optional<Duration> probeAgainIn = Optional.empty();
  private Instant waitingAskedAt;
  private boolean waitingOpened;

  private EndpointPass(
      EndpointProbing probing,
      ResourceID id,
      Optional<EndpointProbing.Target> target,
      Optional<Problem> problem) {
    this.probing = probing;
    this.id = id;
    this.target = target;
    this.problem = problem;
  }

  /**
   * @param url the checked spec.endpoint.url, empty when none is set
   * @param appSecretProblem why the app secret cannot be read (missing, not Opaque), if so
   */
  public static EndpointPass of(
      EndpointProbing probing,
      ResourceID id,
      Optional<String> url,
      Optional<AppSecret> appSecret,
      Optional<Problem> appSecretProblem) {
    if (url.isEmpty()) {
      probing.forget(id);
      return new EndpointPass(probing, id, Optional.empty(), Optional.empty());
    }
    return new EndpointPass(
        probing, id, url.map(u -> new EndpointProbing.Target(u, appSecret)), appSecretProblem);
  }

  /** Whether spec.endpoint is set. */
  public boolean isSet() {
    return target.isPresent();
  }

  /** Why nothing may be sent to the endpoint (nor registered), if so: the app secret's problem. */
  public Optional<Problem> problem() {
    return problem;
  }

  private boolean mayProbe() {
    return target.isPresent() && problem.isEmpty();
  }

  /**
   * Between Graph checks: probes the key that waits for the endpoint, when its time has come. True
   * when the endpoint opened it: the pass must run now, to register it. Asked again in the same
   * pass (whether to run, then whether a check is due), it answers without a second probe.
   */
  public boolean waitingKeyOpened(Instant now) {
    if (!now.equals(waitingAskedAt)) {
      waitingAskedAt = now;
      waitingOpened = mayProbe() && probing.waitingKeyOpened(id, target.get(), now);
    }
    return waitingOpened;
  }

  /** The wait until the next pass: {@code untilDue}, or sooner when a waiting key is probed. */
  public Duration nextWake(Duration untilDue, Instant now) {
    Optional<Duration> probe = mayProbe() ? probing.untilWaitingProbe(id, now) : Optional.empty();
    Duration wake = probe.filter(p -> p.compareTo(untilDue) < 0).orElse(untilDue);
    return wake.compareTo(AT_LEAST) < 0 ? AT_LEAST : wake;
  }

  /** Probes the current key beside the Graph check; returns the probe the gate reads. */
  public Optional<RegistrationGate.Probe> probeCurrent(Optional<LoadedKey> key, Instant now) {
    boolean justOpened =
        key.isPresent()
            && probing
                .last(id)
                .filter(p -> p.at().equals(now) && p.fingerprint().equals(key.get().fingerprint()))
                .isPresent();
    // A waiting key the endpoint opened a moment ago in this very reconcile is not probed twice.
    if (mayProbe() && key.isPresent() && !justOpened) {
      probing.probe(id, target.get(), key.get(), now);
    }
    return probing.last(id);
  }

  /**
   * After the number round: remembers whether the current key waits for the endpoint, and says what
   * the status shows (empty without an endpoint).
   */
  public Optional<EndpointState> afterRound(Optional<LoadedKey> key, boolean waiting, Instant now) {
    if (target.isEmpty()) {
      return Optional.empty();
    }
    if (problem.isPresent() || key.isEmpty()) {
      return Optional.of(
          EndpointState.notProbed(
              problem.map(p -> "not probed: " + p.message()).orElse("not probed: no usable key")));
    }
    probeAgainIn = probing.afterRound(id, key.get(), waiting, now);
    return Optional.of(probing.state(id, key.get(), waiting));
  }

  /** The pass's wait, shortened when a key waits for the endpoint. */
  public Duration nextPass(Duration next) {
    return probeAgainIn.filter(p -> p.compareTo(next) < 0).orElse(next);
  }
}
