package dev.waflows.operator.reconciler.endpoint;

import dev.waflows.operator.endpoint.ProbeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule of {@code spec.endpoint}: a key is registered only after the endpoint opened a probe
 * sealed to it. Pure and total. It holds for the first key, for a key that replaces one Graph
 * holds, and for a rotated key (which is then registered as soon as the endpoint opens it).
 */
public final class RegistrationGate {

  /**
   * A probe counts for this long: long enough for one pass, short enough not to trust a stale one.
   */
  public static final Duration MAX_PROBE_AGE = Duration.ofMinutes(5);

  private RegistrationGate() {}

  /** What Graph holds for the number, compared with the key Secret. */
  public enum GraphState {
    /** The Secret's current key, not reported MISMATCH. */
    CURRENT,
    /** The Secret's current key, reported MISMATCH: registered again. */
    CURRENT_MISMATCH,
    /** The previous key the Secret keeps during a rotation. */
    PREVIOUS,
    /** Another key. */
    OTHER,
    /** No key. */
    NONE
  }

  /** What to do for the number now. */
  public enum Decision {
    /** POST the current key. */
    REGISTER,
    /** The current key must be registered, but the endpoint has not opened it yet. */
    WAIT_FOR_ENDPOINT,
    /** Graph already holds the current key. */
    NOTHING_TO_DO
  }

  /**
   * The last probe of the endpoint.
   *
   * @param fingerprint of the key the probe was sealed to
   */
  public record Probe(String fingerprint, ProbeOutcome outcome, Instant at) {}

  /**
   * @param endpointSet whether the resource names an endpoint; without one only Graph counts
   * @param keyFingerprint the current key's fingerprint
   * @param lastProbe the last probe of the endpoint, of whatever key
   */
  public record Input(
      boolean endpointSet,
      String keyFingerprint,
      Optional<Probe> lastProbe,
      GraphState graph,
      Instant now) {}

  public static Decision decide(Input in) {
    if (in.graph() == GraphState.CURRENT) {
      return Decision.NOTHING_TO_DO;
    }
    if (!in.endpointSet() || opened(in.lastProbe(), in.keyFingerprint(), in.now())) {
      return Decision.REGISTER;
    }
    return Decision.WAIT_FOR_ENDPOINT;
  }

  /** Whether the endpoint opened a probe sealed to this key, recently enough to count. */
  public static boolean opened(Optional<Probe> probe, String fingerprint, Instant now) {
    return probe
        .filter(p -> p.outcome() == ProbeOutcome.Opened)
        .filter(p -> Objects.equals(p.fingerprint(), fingerprint))
        .filter(p -> !p.at().isAfter(now) && !p.at().plus(MAX_PROBE_AGE).isBefore(now))
        .isPresent();
  }
}
