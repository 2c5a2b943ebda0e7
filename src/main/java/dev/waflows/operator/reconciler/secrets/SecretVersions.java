package dev.waflows.operator.reconciler.secrets;

/**
 * The resourceVersions of the Secrets a resource names, {@link #MISSING} for one that does not
 * exist or is not named. A loaded key stays valid while these stay the same.
 */
public record SecretVersions(String key, String passphrase, String token, String appSecret) {

  static final String MISSING = "-";

  /** Without spec.endpoint.appSecretRef. */
  public SecretVersions(String key, String passphrase, String token) {
    this(key, passphrase, token, MISSING);
  }

  /** The same Secrets, with the key Secret at {@code version} (after the operator wrote it). */
  public SecretVersions withKey(String version) {
    return new SecretVersions(version, passphrase, token, appSecret);
  }
}
