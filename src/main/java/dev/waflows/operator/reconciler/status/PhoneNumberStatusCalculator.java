package dev.waflows.operator.reconciler.status;

import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import java.util.Objects;

/**
 * Turns the previous status of a number and a new observation into its next status. Pure: an error
 * keeps what was known (signature status, key match), and lastTransitionTime moves only when
 * signatureStatus, keyMatches or reason change.
 */
public final class PhoneNumberStatusCalculator {

  private PhoneNumberStatusCalculator() {}

  static PhoneNumberStatus next(PhoneNumberStatus previous, NumberObservation seen, String now) {
    PhoneNumberStatus next = previous == null ? new PhoneNumberStatus(seen.id()) : previous.copy();
    // Java 17: no pattern matching in switch yet.
    if (seen instanceof NumberObservation.Checked c) {
      applyChecked(next, c, now);
    } else if (seen instanceof NumberObservation.Failed f) {
      next.setReason(f.reason().name());
      next.setMessage(f.message());
    } else if (seen instanceof NumberObservation.Conflicted c) {
      next.setReason(Reasons.CONFLICT);
      next.setMessage(
          "phone number "
              + c.id()
              + " is managed by "
              + c.owner()
              + "; this resource does not register it");
    }
    if (previous == null || changed(previous, next)) {
      next.setLastTransitionTime(now);
    }
    return next;
  }

  private static void applyChecked(
      PhoneNumberStatus next, NumberObservation.Checked c, String now) {
    next.setSignatureStatus(c.signatureStatus().map(SignatureStatus::name).orElse(null));
    next.setKeyMatches(c.keyMatches());
    if (c.registeredNow()) {
      next.setLastRegisteredTime(now);
    }
    if (c.note() == NumberObservation.Note.REPLACED) {
      next.setLastReplacedTime(now);
    }
    if (c.note() == NumberObservation.Note.CONTESTED) {
      next.setReason(Reasons.KEY_CONTESTED);
      next.setMessage(
          "our key for this number at Graph was replaced by another key twice within an hour;"
              + " it is not registered again until waflows.dev/reconcile-requested-at changes");
      return;
    }
    if (!c.keySet()) {
      next.setReason(Reasons.NOT_REGISTERED);
      next.setMessage("Graph holds no business public key for this number" + waiting(c));
    } else if (!c.keyMatches()) {
      next.setReason(Reasons.NOT_REGISTERED);
      next.setMessage("Graph holds a different business public key for this number" + waiting(c));
    } else if (c.signatureStatus().orElse(null) == SignatureStatus.VALID && !c.current()) {
      // Rotation: endpoints still open requests sealed to the previous key.
      next.setReason(Reasons.REGISTERED);
      next.setMessage(
          c.note() == NumberObservation.Note.WAITING_FOR_ENDPOINT
              ? "Graph holds the previous key of our Secret, VALID; the new key is registered"
                  + " once the endpoint opens a probe sealed to it"
              : "Graph holds the previous key of our Secret, VALID; the new key is registered"
                  + " registerAfter after it was written");
    } else if (c.signatureStatus().orElse(null) == SignatureStatus.VALID) {
      next.setReason(Reasons.REGISTERED);
      next.setMessage("our key is registered and its signature is VALID");
    } else if (c.signatureStatus().orElse(null) == SignatureStatus.MISMATCH) {
      next.setReason(Reasons.MISMATCH);
      next.setMessage("Graph holds our key but reports its signature as MISMATCH");
    } else {
      next.setReason(Reasons.NOT_REGISTERED);
      next.setMessage("Graph holds our key but reports no signature status yet");
    }
  }

  private static String waiting(NumberObservation.Checked c) {
    return c.note() == NumberObservation.Note.WAITING_FOR_ENDPOINT
        ? "; our key is registered once the endpoint opens a probe sealed to it"
        : "";
  }

  private static boolean changed(PhoneNumberStatus a, PhoneNumberStatus b) {
    return !Objects.equals(a.getSignatureStatus(), b.getSignatureStatus())
        || !Objects.equals(a.getKeyMatches(), b.getKeyMatches())
        || !Objects.equals(a.getReason(), b.getReason());
  }

  /** Whether the number counts towards {@code summary}: our key, signature VALID. */
  public static boolean validWithOurKey(PhoneNumberStatus s) {
    return Boolean.TRUE.equals(s.getKeyMatches())
        && SignatureStatus.VALID.name().equals(s.getSignatureStatus());
  }
}
