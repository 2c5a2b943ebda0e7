package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.Timestamps;
import dev.waflows.operator.reconciler.contested.ContestedKeyRule;
import dev.waflows.operator.reconciler.endpoint.RegistrationGate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a number may be POSTed our key now, once Graph said what it holds: Register mode, the
 * rotation's timer, the contested-key rule and the endpoint gate, in that order. Pure; one per
 * pass.
 *
 * @param rotationAllows false while a rotation waits for registerAfter
 * @param endpointSet whether spec.endpoint is set: then only a key the endpoint opened is
 *     registered
 * @param keyFingerprint the current key's
 * @param lastProbe the last probe of the endpoint
 * @param previous the numbers' last status, by id
 * @param ourKeyUnchanged the current key is the one the last status was written for
 * @param resumeRequested waflows.dev/reconcile-requested-at has a value not handled yet
 */
public record RegistrationPolicy(
    Mode mode,
    boolean rotationAllows,
    boolean endpointSet,
    String keyFingerprint,
    Optional<RegistrationGate.Probe> lastProbe,
    Map<String, PhoneNumberStatus> previous,
    boolean ourKeyUnchanged,
    boolean resumeRequested,
    Duration interval,
    Instant now) {

  /** What to do with one number. */
  public enum Action {
    REGISTER,
    /** Register: someone else had replaced our key, for the first time within the window. */
    REGISTER_AGAIN,
    WAIT_FOR_ENDPOINT,
    CONTESTED,
    /** Verify mode, or a rotation waiting for registerAfter: leave the number as it is. */
    HOLD,
    NOTHING_TO_DO
  }

  /** Only the mode and the rotation's timer: no endpoint, no memory of earlier passes. */
  public static RegistrationPolicy plain(Mode mode, boolean rotationAllows) {
    return new RegistrationPolicy(
        mode,
        rotationAllows,
        false,
        "",
        Optional.empty(),
        Map.of(),
        false,
        false,
        Duration.ofHours(1),
        Instant.EPOCH);
  }

  /**
   * The policy of one pass, from what its resource's last status says.
   *
   * @param rotationAllows false while a rotation waits for registerAfter
   * @param endpointSet whether spec.endpoint is set
   */
  public static RegistrationPolicy forPass(
      ReconcilePass pass,
      Mode mode,
      boolean rotationAllows,
      boolean endpointSet,
      LoadedKey key,
      Optional<RegistrationGate.Probe> lastProbe,
      Duration interval) {
    FlowsEncryptionKeyStatus before = pass.before();
    Map<String, PhoneNumberStatus> previous = new HashMap<>();
    before.getPhoneNumbers().forEach(n -> previous.put(n.getId(), n));
    boolean resume =
        Annotations.get(pass.resource(), Annotations.RECONCILE_REQUESTED_AT)
            .filter(v -> !v.equals(before.getLastHandledReconcileAt()))
            .isPresent();
    return new RegistrationPolicy(
        mode,
        rotationAllows,
        endpointSet,
        key.fingerprint(),
        lastProbe,
        Map.copyOf(previous),
        key.fingerprint().equals(before.getKeyFingerprint()),
        resume,
        interval,
        pass.now());
  }

  /**
   * @param holdsCurrent Graph holds the Secret's current key
   * @param holdsPrevious Graph holds the previous key the Secret keeps during a rotation
   * @param keySet Graph holds any key
   * @param mismatch Graph reports the signature MISMATCH
   */
  public Action decide(
      String id, boolean holdsCurrent, boolean holdsPrevious, boolean keySet, boolean mismatch) {
    if (holdsCurrent && !mismatch) {
      return Action.NOTHING_TO_DO;
    }
    if (mode != Mode.Register) {
      return Action.HOLD;
    }
    PhoneNumberStatus before = previous.get(id);
    ContestedKeyRule.Verdict contest =
        ContestedKeyRule.decide(
            new ContestedKeyRule.Input(
                ourKeyUnchanged && before != null && Boolean.TRUE.equals(before.getKeyMatches()),
                holdsCurrent || holdsPrevious
                    ? ContestedKeyRule.GraphHolds.OURS
                    : keySet
                        ? ContestedKeyRule.GraphHolds.ANOTHER
                        : ContestedKeyRule.GraphHolds.NONE,
                before != null && Reasons.KEY_CONTESTED.equals(before.getReason()),
                Optional.ofNullable(before)
                    .map(PhoneNumberStatus::getLastReplacedTime)
                    .flatMap(Timestamps::parse),
                resumeRequested,
                interval,
                now));
    if (contest == ContestedKeyRule.Verdict.CONTESTED) {
      return Action.CONTESTED;
    }
    if (!rotationAllows) {
      return Action.HOLD;
    }
    RegistrationGate.GraphState graph =
        holdsCurrent
            ? RegistrationGate.GraphState.CURRENT_MISMATCH
            : holdsPrevious
                ? RegistrationGate.GraphState.PREVIOUS
                : keySet ? RegistrationGate.GraphState.OTHER : RegistrationGate.GraphState.NONE;
    RegistrationGate.Decision gate =
        RegistrationGate.decide(
            new RegistrationGate.Input(endpointSet, keyFingerprint, lastProbe, graph, now));
    if (gate == RegistrationGate.Decision.WAIT_FOR_ENDPOINT) {
      return Action.WAIT_FOR_ENDPOINT;
    }
    return contest == ContestedKeyRule.Verdict.REPLACED_ONCE
        ? Action.REGISTER_AGAIN
        : Action.REGISTER;
  }
}
