package dev.waflows.operator.keys;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked key from the key Secret: an RSA-2048 public key, and its private key when the Secret
 * holds one. {@link #toString()} shows the fingerprint, never the private key.
 */
public final class LoadedKey {

  private final RSAPublicKey publicKey;
  private final RSAPrivateCrtKey privateKey;
  private final String publicKeySourceKey;
  private final String fingerprint;
  private final String publicKeyPem;
  private final boolean secretHoldsPrivateKey;
  private final LoadedKey previous;

  LoadedKey(RSAPublicKey publicKey, RSAPrivateCrtKey privateKeyOrNull, String publicKeySourceKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.privateKey = privateKeyOrNull;
    this.publicKeySourceKey = Objects.requireNonNull(publicKeySourceKey, "publicKeySourceKey");
    this.fingerprint = Fingerprints.sha256(publicKey);
    this.publicKeyPem = Pem.encode("PUBLIC KEY", RsaKeys.spki(publicKey));
    this.secretHoldsPrivateKey = privateKeyOrNull != null;
    this.previous = null;
  }

  /**
   * {@code key} with another private key (or none) and previous key; what was derived from the key
   * is kept, not redone, and so is whether the Secret holds a private key.
   */
  private LoadedKey(LoadedKey key, RSAPrivateCrtKey privateKeyOrNull, LoadedKey previousOrNull) {
    this.publicKey = key.publicKey;
    this.privateKey = privateKeyOrNull;
    this.publicKeySourceKey = key.publicKeySourceKey;
    this.fingerprint = key.fingerprint;
    this.publicKeyPem = key.publicKeyPem;
    this.secretHoldsPrivateKey = key.secretHoldsPrivateKey;
    this.previous = previousOrNull;
  }

  /**
   * This key, and its previous key, without the private halves; {@link #hasPrivateKey()} still
   * tells whether the Secret holds one. What the operator keeps between passes: it registers and
   * compares public keys only, so neither the memory (about 3 KiB a key) nor the exposure of
   * private keys is needed there.
   */
  public LoadedKey withoutPrivateKey() {
    return privateKey == null && (previous == null || previous.privateKey == null)
        ? this
        : new LoadedKey(this, null, previous == null ? null : previous.withoutPrivateKey());
  }

  /** The public key, which is registered with Graph. */
  public RSAPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The private key; empty when the Secret holds only a public key or certificate, or when this is
   * a copy {@link #withoutPrivateKey()}.
   */
  public Optional<RSAPrivateCrtKey> privateKey() {
    return Optional.ofNullable(privateKey);
  }

  /** True if the Secret holds the private key too. */
  public boolean hasPrivateKey() {
    return secretHoldsPrivateKey;
  }

  /**
   * The public key as PEM SubjectPublicKeyInfo, as it is registered: encoded afresh from the key
   * (LF line ends, 64 columns, final newline), not the user's text, so that the same key always
   * gives the same text whatever way it was stored.
   */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  /**
   * The key that was current before a rotation, while the Secret still keeps it ({@code
   * previous-private.pem}, {@code previous-public.pem}); empty otherwise.
   */
  public Optional<LoadedKey> previous() {
    return Optional.ofNullable(previous);
  }

  /** This key with {@code previousOrNull} as its previous key. */
  LoadedKey withPrevious(LoadedKey previousOrNull) {
    return new LoadedKey(this, privateKey, previousOrNull);
  }

  /** {@code SHA256:...}, see {@link Fingerprints#sha256}. */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The Secret entry the public key was taken from: {@code public.pem}, {@code tls.crt}, or {@code
   * private.pem} / {@code tls.key} when derived from the private key.
   */
  public String publicKeySourceKey() {
    return publicKeySourceKey;
  }

  @Override
  public String toString() {
    return "LoadedKey[fingerprint="
        + fingerprint
        + ", from="
        + publicKeySourceKey
        + ", privateKey="
        + (privateKey != null ? "present" : secretHoldsPrivateKey ? "not kept" : "absent")
        + (previous != null ? ", previous=" + previous.fingerprint : "")
        + "]";
  }
}
