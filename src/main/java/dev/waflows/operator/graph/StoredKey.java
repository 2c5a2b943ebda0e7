package dev.waflows.operator.graph;

import java.util.Optional;

/**
 * What Graph holds for one phone number: the business public key (PEM text as Graph returns it) and
 * its signature status, and the Graph version that served the answer.
 *
 * <p>Per the contract a missing, blank or whitespace-only key or a missing status all mean "no key
 * set": {@link #isSet()} is true only when both are present. The parser returns {@link #none()} in
 * every such case, so callers never see half a key.
 */
public record StoredKey(
    Optional<String> publicKeyPem,
    Optional<SignatureStatus> signatureStatus,
    Optional<String> servedVersion) {

  private static final StoredKey NONE = new StoredKey(Optional.empty(), Optional.empty());

  /**
   * Normalizes nulls to empty and a blank key to empty, so the record cannot lie about a key.
   *
   * @param servedVersion Graph's {@code facebook-api-version} answer header, e.g. {@code v24.0}; it
   *     differs from the version asked for when Meta retired that one and upgraded the call
   */
  public StoredKey {
    publicKeyPem =
        publicKeyPem == null ? Optional.empty() : publicKeyPem.filter(pem -> !pem.isBlank());
    signatureStatus = signatureStatus == null ? Optional.empty() : signatureStatus;
    servedVersion = servedVersion == null ? Optional.empty() : servedVersion;
  }

  /** A key with no served version known. */
  public StoredKey(Optional<String> publicKeyPem, Optional<SignatureStatus> signatureStatus) {
    this(publicKeyPem, signatureStatus, Optional.empty());
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

  /** The same key as served by this Graph version (empty: unknown). */
  public StoredKey withServedVersion(Optional<String> version) {
    return new StoredKey(publicKeyPem, signatureStatus, version);
  }
}
