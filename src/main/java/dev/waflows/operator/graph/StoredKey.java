package dev.waflows.operator.graph;

import java.util.Optional;

/**
 * What Graph holds for one phone number: the business public key (PEM text as Graph returns it) and
 * its signature status.
 *
 * <p>Per the contract a missing, blank or whitespace-only key or a missing status all mean "no key
 * set": {@link #isSet()} is true only when both are present. The parser returns {@link #none()} in
 * every such case, so callers never see half a key.
 */
public record StoredKey(Optional<String> publicKeyPem, Optional<SignatureStatus> signatureStatus) {

  private static final StoredKey NONE = new StoredKey(Optional.empty(), Optional.empty());

  /** Normalizes nulls to empty and a blank key to empty, so the record cannot lie about a key. */
  public StoredKey {
    publicKeyPem =
        publicKeyPem == null ? Optional.empty() : publicKeyPem.filter(pem -> !pem.isBlank());
    signatureStatus = signatureStatus == null ? Optional.empty() : signatureStatus;
  }

  /** No key registered for the number. */
  public static StoredKey none() {
    return NONE;
  }

  /** A registered key with its status. */
  public static StoredKey of(String publicKeyPem, SignatureStatus signatureStatus) {
    return new StoredKey(Optional.ofNullable(publicKeyPem), Optional.ofNullable(signatureStatus));
  }

  /** True when Graph holds a key and reported its signature status. */
  public boolean isSet() {
    return publicKeyPem.isPresent() && signatureStatus.isPresent();
  }
}
