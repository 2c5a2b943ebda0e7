package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.Mode;
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
 */
class PhoneNumberVerifier {

  private final WhatsAppEncryptionApi graph;

  PhoneNumberVerifier(WhatsAppEncryptionApi graph) {
    this.graph = graph;
  }

  NumberObservation verify(
      GraphEndpoint endpoint, AccessToken token, String id, LoadedKey ours, Mode mode) {
    try {
      StoredKey stored = graph.get(endpoint, id, token);
      boolean matches = matches(ours, stored);
      boolean mismatch = stored.signatureStatus().orElse(null) == SignatureStatus.MISMATCH;
      if (mode == Mode.Register && (!matches || mismatch)) {
        graph.register(endpoint, id, token, ours.publicKeyPem());
        stored = graph.get(endpoint, id, token);
        return checked(id, ours, stored, true);
      }
      return checked(id, ours, stored, false);
    } catch (GraphApiException e) {
      return new NumberObservation.Failed(id, e.reason(), e.getMessage(), e.retryAfter());
    }
  }

  private static NumberObservation checked(
      String id, LoadedKey ours, StoredKey stored, boolean registeredNow) {
    return new NumberObservation.Checked(
        id,
        stored.signatureStatus(),
        stored.isSet(),
        matches(ours, stored),
        registeredNow,
        stored.servedVersion());
  }

  private static boolean matches(LoadedKey ours, StoredKey stored) {
    return stored.isSet()
        && PublicKeys.sameKey(ours.publicKey(), stored.publicKeyPem().orElse(null));
  }
}
