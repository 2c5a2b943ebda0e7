package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.graph.GraphApiException;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.graph.StoredKey;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.PublicKeys;

/**
 * Checks one phone number at Graph: read; in Register mode POST only when Graph holds another key
 * (compared as keys, not text) or reports MISMATCH, then read again for the signature status.
 *
 * <p>During a rotation the Secret holds two keys. Graph holding the previous one counts as ours;
 * the current one is POSTed only once registering is allowed (registerAfter has passed), so that no
 * client encrypts to a key that endpoints cannot open yet.
 */
public class PhoneNumberVerifier {

  private final WhatsAppEncryptionApi graph;

  public PhoneNumberVerifier(WhatsAppEncryptionApi graph) {
    this.graph = graph;
  }

  /**
   * @param policy whether the current key may be POSTed now, once Graph said what it holds
   */
  NumberObservation verify(
      GraphEndpoint endpoint,
      AccessToken token,
      String id,
      LoadedKey ours,
      RegistrationPolicy policy) {
    try {
      StoredKey stored = graph.get(endpoint, id, token);
      RegistrationPolicy.Action action =
          policy.decide(
              id,
              matches(ours, stored),
              ours.previous().filter(p -> matches(p, stored)).isPresent(),
              stored.isSet(),
              stored.signatureStatus().orElse(null) == SignatureStatus.MISMATCH);
      if (action == RegistrationPolicy.Action.REGISTER
          || action == RegistrationPolicy.Action.REGISTER_AGAIN) {
        graph.register(endpoint, id, token, ours.publicKeyPem());
        StoredKey after = graph.get(endpoint, id, token);
        return checked(
            id,
            ours,
            after,
            true,
            action == RegistrationPolicy.Action.REGISTER_AGAIN
                ? NumberObservation.Note.REPLACED
                : NumberObservation.Note.NONE);
      }
      NumberObservation.Note note =
          action == RegistrationPolicy.Action.WAIT_FOR_ENDPOINT
              ? NumberObservation.Note.WAITING_FOR_ENDPOINT
              : action == RegistrationPolicy.Action.CONTESTED
                  ? NumberObservation.Note.CONTESTED
                  : NumberObservation.Note.NONE;
      return checked(id, ours, stored, false, note);
    } catch (GraphApiException e) {
      return new NumberObservation.Failed(
          id, e.reason(), e.getMessage(), e.retryAfter(), e.repeatsForOtherNumbers());
    }
  }

  private static NumberObservation checked(
      String id,
      LoadedKey ours,
      StoredKey stored,
      boolean registeredNow,
      NumberObservation.Note note) {
    boolean current = matches(ours, stored);
    boolean previous = ours.previous().filter(p -> matches(p, stored)).isPresent();
    return new NumberObservation.Checked(
        id,
        stored.signatureStatus(),
        stored.isSet(),
        current || previous,
        registeredNow,
        current,
        stored.servedVersion(),
        note);
  }

  private static boolean matches(LoadedKey key, StoredKey stored) {
    return stored.isSet()
        && PublicKeys.sameKey(key.publicKey(), stored.publicKeyPem().orElse(null));
  }
}
