package dev.waflows.operator.reconciler.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code rotation.registerAfter} is the time endpoints get to load a new key before clients can
 * seal requests to it; the kubelet refreshes a mounted Secret within a minute or two. A shorter
 * value is accepted (tests need it), but without {@code spec.endpoint} nothing proves that
 * endpoints hold the new key when it is registered: users are told. Pure.
 */
public final class RegisterAfterAdvice {

  /** Below this, endpoints that mount the key Secret may not have the new key yet. */
  static final Duration ENOUGH = Duration.ofMinutes(1);

  private RegisterAfterAdvice() {}

  /**
   * The advice, when there is one.
   *
   * @param endpointSet whether {@code spec.endpoint} is set: a new key is then registered only
   *     after the endpoint opened a probe sealed to it, whatever registerAfter says
   */
  public static Optional<String> of(RotationSettings rotation, boolean endpointSet) {
    Duration after = rotation.registerAfter();
    if (endpointSet || after.compareTo(ENOUGH) >= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.rotation.registerAfter "
            + after.toSeconds()
            + "s is under 1m and no spec.endpoint is set: endpoints that mount the key Secret may"
            + " not hold a new key yet when it is registered (the kubelet refreshes mounted Secrets"
            + " within a minute or two)");
  }
}
