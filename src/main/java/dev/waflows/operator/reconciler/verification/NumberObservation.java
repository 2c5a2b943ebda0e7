package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.graph.SignatureStatus;
import java.time.Duration;
import java.util.Optional;

/** What one verification pass learned about one phone number. */
public sealed interface NumberObservation {

  String id();

  /**
   * Graph answered.
   *
   * @param keySet whether Graph holds any key for the number
   * @param keyMatches whether that key is one the key Secret holds, current or (during a rotation)
   *     previous; compared as keys
   * @param registeredNow whether this pass POSTed our key
   * @param current whether that key is the Secret's current key
   * @param servedVersion the Graph version that answered, as its facebook-api-version header said
   * @param note why the number was or was not registered, beyond what Graph holds
   */
  record Checked(
      String id,
      Optional<SignatureStatus> signatureStatus,
      boolean keySet,
      boolean keyMatches,
      boolean registeredNow,
      boolean current,
      Optional<String> servedVersion,
      Note note)
      implements NumberObservation {

    /** Nothing beyond what Graph holds. */
    public Checked(
        String id,
        Optional<SignatureStatus> signatureStatus,
        boolean keySet,
        boolean keyMatches,
        boolean registeredNow,
        boolean current,
        Optional<String> servedVersion) {
      this(
          id,
          signatureStatus,
          keySet,
          keyMatches,
          registeredNow,
          current,
          servedVersion,
          Note.NONE);
    }

    /** Outside a rotation the Secret holds one key: a match is a match with the current one. */
    public Checked(
        String id,
        Optional<SignatureStatus> signatureStatus,
        boolean keySet,
        boolean keyMatches,
        boolean registeredNow) {
      this(id, signatureStatus, keySet, keyMatches, registeredNow, keyMatches, Optional.empty());
    }

    /** Graph holds the current key and reports it VALID. */
    public boolean currentValid() {
      return current && signatureStatus.orElse(null) == SignatureStatus.VALID;
    }
  }

  /** What the registration rules said about a number, beyond what Graph holds. */
  enum Note {
    NONE,
    /** Someone else had replaced our key; it was registered again (the first time). */
    REPLACED,
    /** Our key is not registered until the endpoint opens a probe sealed to it. */
    WAITING_FOR_ENDPOINT,
    /** Someone else keeps replacing our key: not registered until a person asks. */
    CONTESTED
  }

  /**
   * Graph failed for this number; what was known before stays.
   *
   * @param retryAfter how long Graph asked us to wait, when it did
   * @param repeatsForOtherNumbers whether every other number with the same token would fail the
   *     same way now (GraphApiException#repeatsForOtherNumbers)
   */
  record Failed(
      String id,
      GraphErrorReason reason,
      String message,
      Optional<Duration> retryAfter,
      boolean repeatsForOtherNumbers)
      implements NumberObservation {

    /** A failure about this number only. */
    public Failed(
        String id, GraphErrorReason reason, String message, Optional<Duration> retryAfter) {
      this(id, reason, message, retryAfter, false);
    }
  }

  /** An older resource manages this number. */
  record Conflicted(String id, String owner) implements NumberObservation {}
}
